package io.aiges.engine.service;

import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Services added, replaced and removed while the registry serves (the model repository's load and unload). */
class ServiceRegistryTest {
    private ServiceRegistry registry;

    @BeforeEach
    void open() {
        GateForm.GATE = new CountDownLatch(0);
        registry = ServiceRegistry.open(List.of(config("a", "first")), EngineForms.onClassPath());
    }

    @AfterEach
    void close() {
        GateForm.GATE.countDown();
        registry.close();
    }

    private static ServiceConfig config(String name, String artefact) {
        return new ServiceConfig(name, new EngineSpec(name, "gate", artefact, null, Map.of(), Path.of(".")),
                new PoolConfig(1, 5, Duration.ofSeconds(5)), Duration.ofSeconds(10));
    }

    private static CompletableFuture<OnceResult> call(Service service, boolean wait) {
        return service.once(new OnceRequest("sid", Map.of(), new Params(wait ? Map.of("wait", "1") : Map.of()),
                List.of(), List.of()));
    }

    private static String engineOf(OnceResult result) {
        return result.outputs().getFirst().asText();
    }

    @Test
    void addedServicesServeAndANameIsTakenOnce() throws Exception {
        Service b = registry.add(config("b", "second"));
        assertThat(registry.get("b")).isSameAs(b);
        assertThat(engineOf(call(b, false).get(5, TimeUnit.SECONDS))).isEqualTo("second");
        assertThat(registry.all()).extracting(Service::name).containsExactly("a", "b");
        assertThatThrownBy(() -> registry.add(config("a", "again")))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10903));
    }

    @Test
    void aReplacementServesAtOnceWhileTheOldEngineFinishesWhatItAdmitted() throws Exception {
        GateForm.GATE = new CountDownLatch(1);
        Service old = registry.get("a");
        CompletableFuture<OnceResult> admitted = call(old, true);
        int closedBefore = GateForm.CLOSED.get();
        CompletableFuture<Service> replacing = CompletableFuture.supplyAsync(() -> {
            try {
                return registry.replace(config("a", "second"), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // The new engine serves while the old one still holds its request.
        Service next = awaitReplacement(old);
        assertThat(engineOf(call(next, false).get(5, TimeUnit.SECONDS))).isEqualTo("second");
        assertThat(call(old, false)).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingRootCause().isInstanceOfSatisfying(AigesException.class,
                        e -> assertThat(e.error()).isEqualTo(AigesError.SHUTTING_DOWN));
        assertThat(GateForm.CLOSED.get()).isEqualTo(closedBefore);
        GateForm.GATE.countDown();
        assertThat(engineOf(admitted.get(5, TimeUnit.SECONDS))).isEqualTo("first");
        assertThat(replacing.get(5, TimeUnit.SECONDS)).isSameAs(next);
        assertThat(GateForm.CLOSED.get()).isEqualTo(closedBefore + 1);
    }

    private Service awaitReplacement(Service old) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (registry.get("a") == old && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(registry.get("a")).isNotSameAs(old);
        return registry.get("a");
    }

    @Test
    void aReplacementThatDoesNotLoadLeavesTheOldEngineServing() throws Exception {
        Service old = registry.get("a");
        assertThatThrownBy(() -> registry.replace(config("a", "fail"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10903));
        assertThat(registry.get("a")).isSameAs(old);
        assertThat(engineOf(call(old, false).get(5, TimeUnit.SECONDS))).isEqualTo("first");
    }

    @Test
    void aRemovedServiceIsGoneAtOnceAndClosed() throws Exception {
        int closedBefore = GateForm.CLOSED.get();
        assertThat(registry.remove("a", Duration.ofSeconds(1))).isTrue();
        assertThatThrownBy(() -> registry.get("a"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10404));
        assertThat(GateForm.CLOSED.get()).isEqualTo(closedBefore + 1);
        assertThat(registry.remove("a", Duration.ofSeconds(1))).isFalse();
    }
}
