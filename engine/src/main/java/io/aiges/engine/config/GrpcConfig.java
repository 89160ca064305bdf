package io.aiges.engine.config;

/**
 * The gRPC front-end: {@code [svcName] host} and {@code port} (default 5090), as the original's
 * xsf server section. {@link #OFF} runs none (tests that only speak HTTP).
 *
 * @param port listen port; 0 picks a free one
 */
public record GrpcConfig(boolean enabled, String host, int port) {
    public static final GrpcConfig OFF = new GrpcConfig(false, "127.0.0.1", 0);

    public GrpcConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gRPC port must be 0..65535, got " + port);
        }
    }
}
