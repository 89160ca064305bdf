package io.aiges.engine.session;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;

import java.util.List;

/**
 * What one frame of a session produced: the results read after it (possibly none), the status
 * to report, and whether the session is over (the engine returned its last result).
 *
 * <p>The status is {@link DataStatus#CONTINUE} (1) for every answer but the last, which is
 * {@link DataStatus#END} (2), over WebSocket and gRPC alike, as docs/streaming.md says. The
 * original copied the status of the engine's last item, so a first answer the engine marked
 * BEGIN went out as 0, which no client reads as "partial"; each item keeps its own status.
 */
public record SessionResult(String sid, List<DataItem> outputs, DataStatus status, boolean finished) {
    public SessionResult {
        outputs = List.copyOf(outputs);
    }

    static SessionResult of(String sid, List<DataItem> outputs) {
        boolean finished = outputs.stream().anyMatch(item -> item.status().isLast());
        DataStatus status = finished ? DataStatus.END : DataStatus.CONTINUE;
        return new SessionResult(sid, outputs, status, finished);
    }
}
