package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.engine.session.SessionResult;
import io.aiges.engine.session.StreamSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream_test-shaped wrapper served by the engine core: sessions opened through the service,
 * three frames in, the END result out, and the one instance free again for the next session.
 */
class ServedSessionTest {
    @TempDir
    Path dir;

    private static List<DataItem> frame(String text, DataStatus status) {
        return List.of(DataItem.text("text", text).withStatus(status));
    }

    @Test
    void threeFramesThroughTheServiceEndWithTheWrappersEndResult() throws Exception {
        Path folder = Wrappers.copy("stream", dir.resolve("stream"));
        ServiceConfig config = new ServiceConfig("stream",
                new EngineSpec("stream", "python", "wrapper.py", null, Map.of(), folder),
                new PoolConfig(1, 10, Duration.ofSeconds(5)), Duration.ofSeconds(5));
        try (ServiceRegistry registry = ServiceRegistry.open(List.of(config), EngineForms.onClassPath())) {
            Service service = registry.get("stream");
            for (String sid : List.of("e2e-1", "e2e-2")) {
                StreamSession session = service.openSession(sid, new Params(Map.of("sid", sid)))
                        .get(5, TimeUnit.SECONDS);
                List<DataItem> results = new ArrayList<>();
                results.addAll(session.write(frame("a", DataStatus.BEGIN), false).get(5, TimeUnit.SECONDS).outputs());
                results.addAll(session.write(frame("b", DataStatus.CONTINUE), false).get(5, TimeUnit.SECONDS).outputs());
                SessionResult last = session.write(frame("c", DataStatus.END), true).get(10, TimeUnit.SECONDS);
                results.addAll(last.outputs());
                assertThat(last.finished()).isTrue();
                assertThat(last.outputs().getLast().status()).isEqualTo(DataStatus.END);
                assertThat(results).extracting(DataItem::asText).containsExactly("1:a", "2:b", "3:c");
            }
            // Each session was destroyed once, on an engine thread after its last call.
            Path destroyed = folder.resolve("destroyed.txt");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while ((!Files.exists(destroyed) || Files.readAllLines(destroyed).size() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readAllLines(destroyed)).containsExactly("Process-0-Thread-0", "Process-0-Thread-0");
        }
    }
}
