package io.aiges.plugin.c;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine's printf lines come out while it serves, not at exit, though the server's stdout is
 * a pipe (which libc buffers fully): in-process on the server's stdout, isolated through the
 * child's stderr into the log. The server here is {@link ChattyHost} in its own JVM, whose
 * output this test reads as it comes.
 */
class EngineOutputTest {
    private static final long WAIT_SECONDS = 30;

    @Test
    void inProcessTheEnginesLinesComeOutWhileItServes(@TempDir Path dir) throws Exception {
        List<String> seen = whileServing(Gcc.sharedLibrary("chatty_engine", dir), false);

        assertThat(seen).contains("chatty: init", "chatty: exec 1", "chatty: stderr 1");
    }

    @Test
    void isolatedTheEnginesLinesReachTheLogWhileItServes(@TempDir Path dir) throws Exception {
        List<String> seen = whileServing(Gcc.sharedLibrary("chatty_engine", dir), true);

        for (String line : List.of("chatty: init", "chatty: exec 1", "chatty: stderr 1")) {
            assertThat(seen).anySatisfy(logged -> assertThat(logged).contains("StderrLog").endsWith(line));
        }
    }

    /** The host's output up to its call's lines, read while it still runs. */
    private static List<String> whileServing(Path library, boolean isolated) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process host = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ChattyHost.class.getName(), library.toString(),
                String.valueOf(isolated)).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> pump(host, lines));
        List<String> seen = new ArrayList<>();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            // The isolated child's log lines may follow "host: served": read on until they are in.
            while (!(has(seen, "host: served") && has(seen, "chatty: exec 1") && has(seen, "chatty: stderr 1"))) {
                String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break; // time is up: the assertions below say what was missing
                }
                seen.add(line);
            }
            assertThat(host.isAlive()).as("still serving; its output so far: %s", seen).isTrue();
        } finally {
            host.getOutputStream().close();
            if (!host.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                host.destroyForcibly();
            }
        }
        return seen;
    }

    private static boolean has(List<String> seen, String end) {
        return seen.stream().anyMatch(line -> line.endsWith(end));
    }

    private static void pump(Process host, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            out.lines().forEach(lines::add);
        } catch (IOException | UncheckedIOException e) {
            lines.add("(reading the host's output failed: " + e + ")");
        }
    }
}
