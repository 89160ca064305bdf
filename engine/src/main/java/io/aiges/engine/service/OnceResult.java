package io.aiges.engine.service;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;

import java.time.Duration;
import java.util.List;

/**
 * The answer to a {@link OnceRequest}: its outputs, checked against what the client declared,
 * and where the time went: waiting for a free instance ({@code queued}) and in the engine call
 * ({@code engine}), for the metrics.
 */
public record OnceResult(String sid, DataStatus status, List<DataItem> outputs, Duration queued, Duration engine) {
    public OnceResult {
        outputs = List.copyOf(outputs);
    }

    /** A result with no timings (a session's partial result, for instance). */
    public OnceResult(String sid, DataStatus status, List<DataItem> outputs) {
        this(sid, status, outputs, Duration.ZERO, Duration.ZERO);
    }
}
