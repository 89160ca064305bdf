package io.aiges.loadgen;

import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The load loop itself: the time bound, and the progress line a person watching sees once a second. */
class BenchTest {
    private static final byte[] BODY = """
            {"payload": {"data": {"encoding": "utf8", "text": "aGVsbG8="}}}""".getBytes(StandardCharsets.UTF_8);

    @Test
    void aTimedRunStopsOnTimeAndReportsProgressOnceASecond() throws Exception {
        EngineSpec spec = new EngineSpec("svcName", "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        AigesConfig config = new AigesConfig(null,
                new ServiceConfig("svcName", spec, new PoolConfig(2, 16, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, 1 << 20));
        try (AigesServer server = AigesServer.start(config)) {
            BenchUrl url = BenchUrl.parse("http://127.0.0.1:" + server.httpPort() + "/v1/svcName");
            List<String> progress = new CopyOnWriteArrayList<>();

            Summary summary = Bench.run(url, BODY,
                    new LoadPlan(2, 0, 0, Duration.ofMillis(2500), Duration.ZERO, Duration.ofSeconds(5)), progress::add);

            assertThat(summary.seconds()).isBetween(2.4, 4.0);
            assertThat(summary.failed()).isZero();
            assertThat(summary.requests()).isPositive();
            assertThat(progress).hasSizeBetween(1, 3);
            assertThat(progress.getFirst()).matches("\\s*\\d+ s  \\d+ done  0 errors  \\d+ req/s  p50 [\\d.]+ ms  p99 [\\d.]+ ms");
        }
    }
}
