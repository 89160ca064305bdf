package io.aiges.server.auth;

/**
 * Who sent a request, as access control found out: the client's NAME from the keys file (or a
 * client certificate), or nobody in particular when authentication is off. The name is what the
 * access log and the {@code client} metrics show, what the engine gets as {@code appid} and what
 * the per-client limits count by.
 *
 * @param name the client's name, or null for {@link #ANONYMOUS}
 */
public record Caller(String name) {
    /** No authentication asked for a name. */
    public static final Caller ANONYMOUS = new Caller(null);

    public boolean isNamed() {
        return name != null;
    }
}
