package io.aiges.server.ops;

import io.aiges.server.auth.Caller;

import java.time.Duration;

/**
 * What one streaming session (a WebSocket connection or a gRPC {@code Stream} call) reports when
 * it is over: its frames as they arrive, then once its length and how it ended, in the metrics
 * and as an access-log line. Safe to end more than once (only the first counts), and silent for
 * a stream that never named a service.
 */
public final class SessionRecord {
    /** The code label of a session its client closed before the last frame. */
    public static final String CLIENT_CLOSED = "closed";

    private final Metrics metrics;
    private final String frontEnd;
    private final String sid;
    private final Caller caller;
    private String service;
    private long openedAt;
    private int frames;
    private boolean ended;

    public SessionRecord(Metrics metrics, String frontEnd, String sid, Caller caller) {
        this.caller = caller;
        this.metrics = metrics;
        this.frontEnd = frontEnd;
        this.sid = sid;
    }

    /** A frame arrived for {@code service}; the first one starts the session's clock. */
    public synchronized void frame(String service) {
        if (this.service == null) {
            this.service = service;
            openedAt = System.nanoTime();
        }
        frames++;
        metrics.sessionFrame(service, frontEnd);
    }

    /** The session ended with an AIGES code (0: its final result was sent). */
    public void ended(int code) {
        ended(Integer.toString(code));
    }

    /** The session ended: {@code code} is an AIGES code, or {@link #CLIENT_CLOSED}. */
    public synchronized void ended(String code) {
        if (ended || service == null) {
            return;
        }
        ended = true;
        Duration length = Duration.ofNanos(System.nanoTime() - openedAt);
        metrics.sessionEnded(service, frontEnd, code, length);
        AccessLog.session(sid, service, frontEnd, code, frames, length, caller);
    }
}
