package io.aiges.engine.service;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;

import java.util.List;

/** The answer to a {@link OnceRequest}: its outputs, checked against what the client declared. */
public record OnceResult(String sid, DataStatus status, List<DataItem> outputs) {
    public OnceResult {
        outputs = List.copyOf(outputs);
    }
}
