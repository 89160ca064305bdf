package io.aiges.engine.fairness;

/**
 * Who a request or session comes from, for the per-client limits: the {@code appid} of its
 * header when it has one, else the address (IP, without port) of its connection. Front-ends build
 * it; the engine core only compares them. Work the server starts itself (an async job's run) is
 * {@link #IN_PROCESS} and is not limited: its client was counted when it submitted the job.
 *
 * <pre>{@code
 * ClientId client = ClientId.of(request.headers().get("appid"), "10.0.0.7");
 * }</pre>
 *
 * @param key what limits count by and messages name: {@code appid X} or {@code address 10.0.0.7}
 */
public record ClientId(String key) {
    /** Work of the server itself. */
    public static final ClientId IN_PROCESS = new ClientId("in-process");
    /**
     * Longer appids are cut to this: an appid is an id of a few characters, and the table of
     * clients must not hold the megabytes a client could put in one. Two appids alike in their
     * first 128 characters count as one client.
     */
    static final int MAX_APPID = 128;

    /**
     * A client that proved its name ({@code [auth]}): what it claims as appid does not count, or
     * it could spread its requests over made-up appids.
     */
    public static ClientId named(String name) {
        return new ClientId("client " + name);
    }

    /** The appid when present and not blank, else the address ({@code "unknown"} when there is none either). */
    public static ClientId of(String appid, String address) {
        if (appid != null && !appid.isBlank()) {
            String id = appid.strip();
            return new ClientId("appid " + (id.length() > MAX_APPID ? id.substring(0, MAX_APPID) : id));
        }
        return new ClientId("address " + (address == null || address.isBlank() ? "unknown" : address));
    }

    boolean isLimited() {
        return !equals(IN_PROCESS);
    }
}
