package io.aiges.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code aiges bench} loads: {@code http://host:port/v1/svc}, {@code ws://host:port/v1/svc},
 * {@code grpc://host:port/svc}, or the Open Inference Protocol: an HTTP URL whose path is
 * {@code /v2/models/m[/versions/v]/infer} (told apart by its path, as the server does) or
 * {@code oip+grpc://host:port/m[/v]} for ModelInfer. A missing port means aiges's own defaults
 * (1888 for HTTP and WebSocket, 5090 for gRPC), not 80, because that is where an aiges listens out of the box.
 *
 * @param path for HTTP and WebSocket the request path; for gRPC the service name; for OIP gRPC the
 *             model, then {@code /version} when one is named
 */
public record BenchUrl(FrontEnd frontEnd, String host, int port, String path) {

    /** The front-ends aiges serves: the three AIGES ones, and OIP v2 over REST and gRPC. */
    public enum FrontEnd { HTTP, WEBSOCKET, GRPC, OIP, OIP_GRPC }

    /** The OIP inference path: the server routes these to the OIP handler, not to /v1. */
    private static final Pattern OIP_INFER = Pattern.compile("/v2/models/[^/]+(/versions/[^/]+)?/infer");

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
            case "oip+grpc" -> FrontEnd.OIP_GRPC;
            default -> throw new IllegalArgumentException(
                    "expected a URL starting http://, ws://, grpc:// or oip+grpc://, got " + text);
        };
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + text + "; for example http://127.0.0.1:1888/v1/svcName");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean grpc = frontEnd == FrontEnd.GRPC || frontEnd == FrontEnd.OIP_GRPC;
        int port = uri.getPort() >= 0 ? uri.getPort() : grpc ? 5090 : 1888;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (frontEnd == FrontEnd.OIP_GRPC) {
            path = path.startsWith("/") ? path.substring(1) : path;
            String[] parts = path.split("/", -1);
            if (path.isEmpty() || parts.length > 2 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("an OIP gRPC URL names the model (and maybe its version):"
                        + " oip+grpc://host:port/model[/version], got " + text);
            }
        } else if (frontEnd == FrontEnd.GRPC) {
            path = path.startsWith("/") ? path.substring(1) : path;
            if (path.isEmpty() || path.contains("/")) {
                throw new IllegalArgumentException("a gRPC URL names the service: grpc://host:port/svcName, got " + text);
            }
        } else {
            if (path.isEmpty() || path.equals("/")) {
                throw new IllegalArgumentException("no path in " + text + "; aiges serves /v1/{service}");
            }
            if (frontEnd == FrontEnd.HTTP && OIP_INFER.matcher(path).matches()) {
                frontEnd = FrontEnd.OIP;
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
            case HTTP, OIP -> "http";
            case WEBSOCKET -> "ws";
            case GRPC -> "grpc";
            case OIP_GRPC -> "oip+grpc";
        };
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        boolean grpc = frontEnd == FrontEnd.GRPC || frontEnd == FrontEnd.OIP_GRPC;
        return scheme + "://" + shownHost + ":" + port + (grpc ? "/" : "") + path;
    }
}
