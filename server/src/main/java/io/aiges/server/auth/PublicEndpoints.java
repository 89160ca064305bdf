package io.aiges.server.auth;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What answers without a key when {@code [auth]} is on: the probes an orchestrator or a load
 * balancer calls ({@code /ping}, {@code /health/*}, {@code /v2/health/*}, gRPC health,
 * {@code ServerLive}/{@code ServerReady}), the pages that hold no data (Swagger UI and its
 * OpenAPI document, the streaming demo page: their calls need the key), and {@code /metrics}
 * when {@code [auth] openMetrics} says so. Everything else needs one.
 *
 * <p>Paths are matched exactly as sent, never decoded or normalised: a path that only the router
 * would turn into a public one ({@code /health/../v1/svc}, {@code /health/%6cive}) needs a key, so
 * no spelling of a protected route can pass as a public one.
 */
public final class PublicEndpoints {
    private static final Set<String> PROBES = Set.of("/ping", "/health/live", "/health/ready",
            "/v2/health/live", "/v2/health/ready");
    private static final Set<String> PAGES = Set.of("/", "/openapi.json", "/swagger/index.html", "/demo/stream");
    /** Swagger UI's own files: one plain name under /swagger/, no dot segment. */
    private static final Pattern SWAGGER_FILE = Pattern.compile("/swagger/[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Set<String> GRPC = Set.of("grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch",
            "inference.GRPCInferenceService/ServerLive", "inference.GRPCInferenceService/ServerReady");

    private final boolean openMetrics;

    public PublicEndpoints(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Whether an HTTP request for {@code path} (as sent, without its query) needs no key. */
    public boolean isPublic(String method, String path) {
        if (path == null || !(method.equals("GET") || method.equals("HEAD"))) {
            return false;
        }
        return PROBES.contains(path) || PAGES.contains(path) || SWAGGER_FILE.matcher(path).matches()
                || (openMetrics && path.equals("/metrics"));
    }

    /** Whether a gRPC call of {@code fullMethod} ({@code package.Service/Method}) needs no key. */
    public boolean isPublicCall(String fullMethod) {
        return GRPC.contains(fullMethod);
    }
}
