package io.aiges.server.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Only exact spellings of the probes and pages are public: no other spelling of a path passes for one. */
class PublicEndpointsTest {
    private final PublicEndpoints open = new PublicEndpoints(false);

    @Test
    void probesAndPagesArePublicForGetAndHead() {
        for (String path : new String[]{"/ping", "/health/live", "/health/ready", "/v2/health/live",
                "/v2/health/ready", "/", "/openapi.json", "/swagger/index.html", "/swagger/swagger-ui.css",
                "/demo/stream"}) {
            assertThat(open.isPublic("GET", path)).as(path).isTrue();
            assertThat(open.isPublic("HEAD", path)).as(path).isTrue();
            assertThat(open.isPublic("POST", path)).as(path).isFalse();
        }
    }

    @Test
    void otherSpellingsAndEverythingElseNeedAKey() {
        for (String path : new String[]{"/metrics", "/v1/svcName", "/v2", "/v2/models/mnist", "/health/../v1/svcName",
                "/health/%6cive", "/HEALTH/live", "/health/live/", "//health/live", "/swagger/../v1/svcName",
                "/swagger/.hidden", "/swagger/a/b", "/swagger/%2e%2e/v1", "/ping/", "/ping?x", "/v1/jobs/x", ""}) {
            assertThat(open.isPublic("GET", path)).as(path).isFalse();
        }
        assertThat(open.isPublic("GET", null)).isFalse();
    }

    @Test
    void metricsOnlyWhenOpened() {
        assertThat(new PublicEndpoints(true).isPublic("GET", "/metrics")).isTrue();
        assertThat(new PublicEndpoints(true).isPublic("GET", "/metrics/")).isFalse();
    }

    @Test
    void grpcHealthAndLivenessArePublic() {
        assertThat(open.isPublicCall("grpc.health.v1.Health/Check")).isTrue();
        assertThat(open.isPublicCall("inference.GRPCInferenceService/ServerReady")).isTrue();
        assertThat(open.isPublicCall("inference.GRPCInferenceService/ModelInfer")).isFalse();
        assertThat(open.isPublicCall("inference.GRPCInferenceService/ModelReady")).isFalse();
        assertThat(open.isPublicCall("aiges.v1.Aiges/Once")).isFalse();
        assertThat(open.isPublicCall("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")).isFalse();
    }
}
