package io.aiges.server.auth;

/** What access control decided about a request: let it in as a caller, or refuse it with a reason the client may read. */
public sealed interface Verdict {
    /** Let in; {@code caller} is who it comes from. */
    record Allowed(Caller caller) implements Verdict {
    }

    /**
     * Refused. The reason says what to send, never which part of a client's secret was wrong:
     * an unknown name and a wrong secret read alike.
     */
    record Refused(String reason) implements Verdict {
    }
}
