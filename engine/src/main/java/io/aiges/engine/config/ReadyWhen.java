package io.aiges.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * When a service counts as started ({@code [fc] readyWhen}): once all {@code [fc] max} instances
 * are up, as the original, or as soon as the first one is, the others joining the pool as they
 * come. {@code first} suits engines whose instances take long to load (a model per process):
 * the service answers sooner, at lower capacity for a while.
 */
public enum ReadyWhen {
    ALL("all"),
    FIRST("first");

    private final String word;

    ReadyWhen(String word) {
        this.word = word;
    }

    /** The word {@code aiges.toml} spells it with. */
    public String word() {
        return word;
    }

    /** The value {@code word} names, ignoring case, if any. */
    public static Optional<ReadyWhen> of(String word) {
        String lower = word.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.word.equals(lower)).findFirst();
    }
}
