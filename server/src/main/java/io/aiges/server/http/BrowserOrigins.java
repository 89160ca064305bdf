package io.aiges.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may use the service ({@code [http] corsOrigins}): by default none but the
 * server's own (Swagger UI, the streaming demo). A page from another site gets no CORS headers,
 * so the browser keeps the answers from it, and may not open a WebSocket, which CORS does not
 * cover. Clients that are not browsers send no {@code Origin} and are not concerned.
 */
final class BrowserOrigins {
    private final Set<String> allowed;
    private final boolean any;

    BrowserOrigins(List<String> origins) {
        this.any = origins.contains("*");
        this.allowed = origins.stream().map(origin -> origin.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Whether CORS answers are sent at all. */
    boolean corsOn() {
        return !allowed.isEmpty();
    }

    boolean allowAny() {
        return any;
    }

    /**
     * Whether {@code request}, a WebSocket upgrade, may go on: no {@code Origin} (not a browser),
     * the server's own origin (the page came from this host and port), or an allowed one.
     */
    boolean mayOpenWebSocket(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || any) {
            return true;
        }
        String lower = origin.strip().toLowerCase(Locale.ROOT);
        return allowed.contains(lower) || isSameOrigin(lower, request.getHeader(HttpHeaders.HOST));
    }

    /** {@code origin} names the host and port the request was sent to. */
    private static boolean isSameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        return scheme > 0 && origin.substring(scheme + 3).equals(host.strip().toLowerCase(Locale.ROOT));
    }
}
