package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A wrapper served by the engine core as aiges serves it: found as form "python" on the class
 * path, a pool of two workers, the request timeout interrupting a hanging call.
 */
class ServedWrapperTest {
    @TempDir
    Path dir;

    private static OnceRequest request(String sid, String ctrl) {
        // The variants wrapper declares "rounds" required: the core refuses requests without it.
        return new OnceRequest(sid, Map.of(), new Params(Map.of("sid", sid, "ctrl", ctrl, "rounds", "3")),
                List.of(DataItem.of("data", new byte[]{42}, DataType.AUDIO)), List.of());
    }

    @Test
    void aHangingRequestTimesOutAndTheServiceServesOn() throws Exception {
        Path folder = Wrappers.copy("variants", dir.resolve("variants"));
        ServiceConfig config = new ServiceConfig("variants",
                new EngineSpec("variants", "python", "wrapper.py", null, Map.of(), folder),
                new PoolConfig(2, 10, Duration.ofSeconds(5)), Duration.ofMillis(800));
        try (ServiceRegistry registry = ServiceRegistry.open(List.of(config), EngineForms.onClassPath())) {
            Service service = registry.get("variants");
            OnceResult first = service.once(request("s-1", "echo")).get(5, TimeUnit.SECONDS);
            assertThat(first.outputs().getFirst().data()).containsExactly(42);

            assertThatThrownBy(() -> service.once(request("s-2", "hang")).get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10102));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (service.pool().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(service.pool().size()).as("instances after the timed-out one was replaced").isEqualTo(2);
            assertThatThrownBy(() -> service.once(request("s-3", "raise")).get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(AigesException.class, e -> {
                        assertThat(e.code()).isEqualTo(10909);
                        assertThat(e.getMessage()).contains("ValueError: bad input 42", "code=30003");
                    });
            for (int i = 0; i < 4; i++) {
                OnceResult again = service.once(request("s-" + (4 + i), "echo")).get(5, TimeUnit.SECONDS);
                assertThat(again.outputs().get(1).asText()).contains("\"sid\": \"s-" + (4 + i) + "\"");
            }
        }
    }
}
