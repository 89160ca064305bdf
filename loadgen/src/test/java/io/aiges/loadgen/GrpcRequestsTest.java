package io.aiges.loadgen;

import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OnceRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrpcRequestsTest {

    @Test
    void theSeedRequestBecomesAnImageInputAndATextOutput() throws Exception {
        byte[] seed = Files.readAllBytes(Path.of("../fixtures/mnist-seed-request.json"));

        OnceRequest request = GrpcRequests.once(seed, "svcName");

        assertThat(request.getService()).isEqualTo("svcName");
        assertThat(request.getHeadersMap()).containsEntry("appid", "123456").containsEntry("status", "3");
        assertThat(request.getInputsList()).singleElement().satisfies(img -> {
            assertThat(img.getKey()).isEqualTo("img");
            assertThat(img.getType()).isEqualTo(DataType.IMAGE);
            assertThat(img.getStatus()).isEqualTo(DataStatus.ONCE);
            assertThat(img.getDescriptorsMap()).containsEntry("encoding", "jpg");
            // The PNG signature: the base64 was decoded.
            assertThat(img.getData().substring(1, 4).toStringUtf8()).isEqualTo("PNG");
        });
        assertThat(request.getOutputsList()).singleElement().satisfies(out -> {
            assertThat(out.getName()).isEqualTo("result");
            assertThat(out.getType()).isEqualTo(DataType.TEXT);
            assertThat(out.getDescriptorsMap()).containsEntry("encoding", "utf8").doesNotContainKey("data_type");
        });
    }

    @Test
    void scalarParametersBecomeParams() {
        OnceRequest request = GrpcRequests.once("""
                {"parameter": {"svc": {"sleepMs": 5, "mode": "fast"}}, "payload": {}}""".getBytes(StandardCharsets.UTF_8), "svc");

        assertThat(request.getParamsMap()).containsEntry("sleepMs", "5").containsEntry("mode", "fast");
    }

    @Test
    void aBodyThatIsNotTheProtocolIsRefusedWithTheField() {
        assertThatThrownBy(() -> GrpcRequests.once("nope".getBytes(StandardCharsets.UTF_8), "svc"))
                .hasMessageContaining("--body: not JSON");
        assertThatThrownBy(() -> GrpcRequests.once("""
                {"payload": {"img": {"encoding": "jpg"}}}""".getBytes(StandardCharsets.UTF_8), "svc"))
                .hasMessageContaining("payload.img has no data field");
    }
}
