package io.aiges.cli.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What {@code aiges bench} loads: {@code http://host:port/v1/svc}, {@code ws://host:port/v1/svc}
 * or {@code grpc://host:port/svc}. A missing port means aiges's own defaults (1888 for HTTP and
 * WebSocket, 5090 for gRPC), not 80, because that is where an aiges listens out of the box.
 *
 * @param path for HTTP and WebSocket the request path; for gRPC the service name
 */
public record BenchUrl(FrontEnd frontEnd, String host, int port, String path) {

    /** The three front-ends aiges serves. */
    public enum FrontEnd { HTTP, WEBSOCKET, GRPC }

    /** Reads {@code text}; throws {@link IllegalArgumentException} with a message for the user. */
    public static BenchUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        FrontEnd frontEnd = switch (scheme) {
            case "http" -> FrontEnd.HTTP;
            case "ws" -> FrontEnd.WEBSOCKET;
            case "grpc" -> FrontEnd.GRPC;
            default -> throw new IllegalArgumentException("expected a URL starting http://, ws:// or grpc://, got "
                    + text);
        };
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + text + "; for example http://127.0.0.1:1888/v1/svcName");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : frontEnd == FrontEnd.GRPC ? 5090 : 1888;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (frontEnd == FrontEnd.GRPC) {
            path = path.startsWith("/") ? path.substring(1) : path;
            if (path.isEmpty() || path.contains("/")) {
                throw new IllegalArgumentException("a gRPC URL names the service: grpc://host:port/svcName, got " + text);
            }
        } else {
            if (path.isEmpty() || path.equals("/")) {
                throw new IllegalArgumentException("no path in " + text + "; aiges serves /v1/{service}");
            }
            if (uri.getRawQuery() != null) {
                path = path + "?" + uri.getRawQuery();
            }
        }
        return new BenchUrl(frontEnd, host, port, path);
    }

    /**
     * Whether the host is this machine: {@code localhost}, 127.0.0.0/8 or ::1. Names other than
     * localhost are not resolved: a name that happens to resolve to loopback today is still a
     * remote target in intent.
     */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!isAddressLiteral(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    @Override
    public String toString() {
        String scheme = switch (frontEnd) {
            case HTTP -> "http";
            case WEBSOCKET -> "ws";
            case GRPC -> "grpc";
        };
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + shownHost + ":" + port + (frontEnd == FrontEnd.GRPC ? "/" : "") + path;
    }
}
