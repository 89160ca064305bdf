package io.aiges.engine.jobs;

import java.util.Locale;

/** Where a job is: waiting, on an engine, or answered (for good: a final state never changes). */
public enum JobState {
    QUEUED, RUNNING, DONE, FAILED;

    /** The lower-case name the jobs API and the stores use. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
