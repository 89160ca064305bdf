package io.aiges.config;

/**
 * The gRPC front-end: {@code [svcName] host} and {@code port} (default 5090), as the original's
 * xsf server section. {@link #OFF} runs none (tests that only speak HTTP).
 *
 * @param port       listen port; 0 picks a free one
 * @param reflection whether gRPC server reflection is served ({@code [aiges] grpcReflection}); null:
 *                   the default, served unless {@code [auth]} is on (reflection lists every
 *                   service and message to anyone who asks, and takes no key)
 */
public record GrpcConfig(boolean enabled, String host, int port, Boolean reflection) {
    public static final GrpcConfig OFF = new GrpcConfig(false, "127.0.0.1", 0);

    public GrpcConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gRPC port must be 0..65535, got " + port);
        }
    }

    /** Reflection as the default has it. */
    public GrpcConfig(boolean enabled, String host, int port) {
        this(enabled, host, port, null);
    }

    /** Whether reflection is served when {@code auth} is the server's authentication. */
    public boolean reflectionOn(AuthConfig auth) {
        return reflection == null ? !auth.enabled() : reflection;
    }
}
