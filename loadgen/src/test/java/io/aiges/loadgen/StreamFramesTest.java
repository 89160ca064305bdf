package io.aiges.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.StreamRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frames a benchmark session sends, over WebSocket as they are and over gRPC translated. */
class StreamFramesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] REQUEST = """
            {"parameter": {"svc": {"x": "1"}}, "payload": {"a": {"text": "aGk="}, "b": {"audio": "AAE=", "status": 3}}}"""
            .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10})
    void aRepeatedRequestIsFirstContinueAndLastOnHeaderAndEveryItem(int count) throws IOException {
        StreamFrames frames = StreamFrames.repeated(REQUEST, count);

        assertThat(frames.lockstep()).isTrue();
        List<Integer> statuses = new ArrayList<>();
        for (String frame : frames.frames()) {
            JsonNode json = JSON.readTree(frame);
            int status = json.at("/header/status").asInt();
            assertThat(json.at("/payload/a/status").asInt()).isEqualTo(status);
            assertThat(json.at("/payload/b/status").asInt()).isEqualTo(status);
            assertThat(json.at("/parameter/svc/x").asText()).isEqualTo("1");
            statuses.add(status);
        }
        assertThat(statuses).hasSize(count).endsWith(2);
        if (count > 1) {
            assertThat(statuses.getFirst()).isZero();
            assertThat(statuses.subList(1, count - 1)).allMatch(status -> status == 1);
        }
    }

    @Test
    void bodyLinesKeepTheirStatusesAndItemsWithoutOneTakeTheFrames() throws IOException {
        StreamFrames frames = StreamFrames.lines("""
                {"header": {"status": 0}, "payload": {"a": {"text": "aGk="}}}

                {"header": {"status": 2}, "payload": {"a": {"text": "aGk=", "status": 1}}}
                not json, sent as it is
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(frames.lockstep()).isFalse();
        assertThat(frames.frames()).hasSize(3);
        assertThat(JSON.readTree(frames.frames().get(0)).at("/payload/a/status").asInt()).isZero();
        assertThat(JSON.readTree(frames.frames().get(1)).at("/payload/a/status").asInt()).isEqualTo(1);
        assertThat(frames.frames().get(2)).isEqualTo("not json, sent as it is");
    }

    @Test
    void framesTranslateToStreamRequestsWithTheHeaderStatus() {
        List<StreamRequest> requests = StreamFrames.repeated(REQUEST, 3).frames().stream()
                .map(frame -> GrpcRequests.streamFrame(frame, "svc")).toList();

        assertThat(requests).extracting(StreamRequest::getStatus)
                .containsExactly(DataStatus.BEGIN, DataStatus.CONTINUE, DataStatus.END);
        assertThat(requests.getLast().getInputsList()).extracting(input -> input.getStatus())
                .containsOnly(DataStatus.END);
        assertThat(requests.getFirst().getParamsMap()).containsEntry("x", "1");
        assertThat(requests.getFirst().getService()).isEqualTo("svc");
    }

    @Test
    void unusableBodiesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> StreamFrames.repeated("[1]".getBytes(StandardCharsets.UTF_8), 2))
                .hasMessageContaining("one request JSON object");
        assertThatThrownBy(() -> StreamFrames.lines("\n \n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("this one is empty");
        assertThatThrownBy(() -> GrpcRequests.streamFrame("{\"header\": {\"status\": \"soon\"}}", "svc"))
                .hasMessageContaining("header.status is 'soon'");
    }
}
