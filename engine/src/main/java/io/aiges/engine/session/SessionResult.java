package io.aiges.engine.session;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;

import java.util.List;

/**
 * What one frame of a session produced: the results read after it (possibly none), the status
 * to report, and whether the session is over (the engine returned its last result).
 */
public record SessionResult(String sid, List<DataItem> outputs, DataStatus status, boolean finished) {
    public SessionResult {
        outputs = List.copyOf(outputs);
    }

    static SessionResult of(String sid, List<DataItem> outputs) {
        boolean finished = outputs.stream().anyMatch(item -> item.status().isLast());
        DataStatus status = finished ? DataStatus.END
                : outputs.isEmpty() ? DataStatus.CONTINUE : outputs.getLast().status();
        return new SessionResult(sid, outputs, status, finished);
    }
}
