package io.aiges.config;

import java.io.Serial;

/**
 * A problem with the configuration, worded so the user can fix it without reading code: the file,
 * the line when known, the section and key, what was expected and what was found. For example
 * {@code aiges.toml:97: [fc] max: expected an integer >= 1, got "abc"}.
 */
public final class ConfigException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int line;

    ConfigException(String message, int line) {
        super(message);
        this.line = line;
    }

    ConfigException(String message) {
        this(message, 0);
    }

    /** The 1-based line the problem is on, or 0 when it is not on one line (a missing section). */
    public int line() {
        return line;
    }
}
