package io.aiges.plugin.c.isolated;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Copies an engine child's stderr into the parent's log, line by line, tagged with the service
 * and the child's pid, and keeps the last lines: they say why a child died (the JVM's fatal
 * error report names the signal and the engine frame).
 */
final class StderrLog {
    private static final Logger log = LoggerFactory.getLogger(StderrLog.class);
    private static final int KEPT_LINES = 30;

    private final String tag;
    private final Deque<String> last = new ArrayDeque<>();
    private final Thread pump;

    StderrLog(String tag, InputStream stderr) {
        this.tag = tag;
        this.pump = Thread.ofPlatform().daemon().name(tag + "-stderr").start(() -> pump(stderr));
    }

    private void pump(InputStream stderr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.info("[{}] {}", tag, line);
                synchronized (last) {
                    if (last.size() == KEPT_LINES) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("[{}] stderr closed: {}", tag, e.toString());
        }
    }

    /** Waits up to {@code millis} for the child's stderr to end, so the last lines are all in. */
    void drain(long millis) throws InterruptedException {
        pump.join(millis);
    }

    /** The last lines read, oldest first. */
    List<String> lastLines() {
        synchronized (last) {
            return List.copyOf(last);
        }
    }
}
