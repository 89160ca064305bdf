package io.aiges.server;

import io.aiges.api.EngineSpec;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.engines.PushingEngine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engines of the push tests: the Java {@link PushingEngine} and the C example
 * {@code examples/c/streaming} in asyncMode, compiled here. Sessions answer frames with nothing
 * ({@code realTimeRlt = false}), so every partial result a client sees was pushed.
 */
public final class PushingEngines {
    public static final SessionConfig PUSH_ONLY = new SessionConfig(Duration.ofSeconds(15), Duration.ofSeconds(60), false);
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private PushingEngines() {
    }

    public static EngineSpec java() {
        return new EngineSpec(TestServer.SERVICE, "java", null, PushingEngine.class.getName(), Map.of(), Path.of("."));
    }

    /** The streaming example built into {@code dir}, served in asyncMode. */
    public static EngineSpec cStreaming(Path dir) throws Exception {
        Path library = dir.resolve("libwrapper.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-pthread", "-I", REPO.resolve("include").toString(),
                "-o", library.toString(), REPO.resolve("examples/c/streaming/streaming.c").toString())
                .redirectErrorStream(true).start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(new String(gcc.getInputStream().readAllBytes())).isZero();
        return new EngineSpec(TestServer.SERVICE, "c", library.toString(), null, Map.of(), dir, Map.of("asyncMode", "true"));
    }
}
