package io.aiges.plugin.python;

import io.aiges.api.WrapperException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How long a worker may take over each step of its start ({@code [aiges] engineStartTimeout} ms,
 * two minutes by default): importing the wrapper and constructing {@code Wrapper()}, then
 * {@code wrapperInit}. A wrapper that waits forever on a lock, a download or a GPU held by
 * another process would otherwise hold start-up up with no word of why; past the limit the
 * worker is killed and start-up fails naming the wrapper's file.
 */
record StartLimit(Duration timeout, Path wrapperFile) {
    /** The {@code [aiges]} key, passed to the form among the loader options. */
    static final String OPTION = "engineStartTimeout";
    static final Duration DEFAULT = Duration.ofMinutes(2);

    /** The limit the loader options set, or {@link #DEFAULT}. */
    static StartLimit of(Map<String, String> options, Path wrapperFile) throws WrapperException {
        String value = options.get(OPTION);
        if (value == null || value.isBlank()) {
            return new StartLimit(DEFAULT, wrapperFile);
        }
        try {
            long millis = Long.parseLong(value.strip());
            if (millis > 0) {
                return new StartLimit(Duration.ofMillis(millis), wrapperFile);
            }
        } catch (NumberFormatException e) {
            // Answered below, as a value out of range is.
        }
        throw new WrapperException(PythonErrors.LOAD, "[aiges] " + OPTION + " = \"" + value
                + "\": expected milliseconds, 1 or more");
    }

    /** The failure of a worker that did not get through {@code step} in time (it is killed). */
    WrapperException exceeded(String workerId, String step) {
        return new WrapperException(PythonErrors.TIMEOUT, wrapperFile + ": " + step + " did not finish within "
                + timeout.toMillis() + " ms ([aiges] " + OPTION + "); python worker " + workerId + " was killed");
    }
}
