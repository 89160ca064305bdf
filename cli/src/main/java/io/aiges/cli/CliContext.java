package io.aiges.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the process: its folder, its environment and its two streams.
 * Passed in rather than read from {@code System} so tests run commands in a temporary folder
 * with their own environment and capture what they print.
 */
record CliContext(Path cwd, Map<String, String> env, PrintWriter out, PrintWriter err) {

    CliContext {
        cwd = cwd.toAbsolutePath().normalize();
        env = Map.copyOf(env);
    }

    /** A line on stderr starting {@code aiges: }, the way every message of the command starts. */
    void say(String message) {
        err.println("aiges: " + message);
        err.flush();
    }
}
