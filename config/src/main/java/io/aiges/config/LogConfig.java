package io.aiges.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Logging, as the original's {@code [log]}: a level, and optionally a file rolled by size.
 *
 * @param level  {@code debug}, {@code info}, {@code warn} or {@code error}
 * @param file   the log file, or null for stderr only
 * @param sizeMb megabytes per file before it is rolled
 * @param count  rolled files kept
 * @param json   one JSON object per line (for log collectors) instead of the readable pattern
 */
public record LogConfig(String level, Path file, int sizeMb, int count, boolean json) {
    /** Info to stderr, no file: tests and {@code aiges demo}. */
    public static final LogConfig CONSOLE = new LogConfig("info", null, 3, 3);

    public LogConfig {
        Objects.requireNonNull(level, "level");
        if (sizeMb < 1 || count < 1) {
            throw new IllegalArgumentException("log size and count must be at least 1");
        }
    }

    /** Readable text lines. */
    public LogConfig(String level, Path file, int sizeMb, int count) {
        this(level, file, sizeMb, count, false);
    }
}
