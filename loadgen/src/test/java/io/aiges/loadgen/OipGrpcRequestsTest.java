package io.aiges.loadgen;

import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OIP JSON body as the ModelInferRequest it means: tensors as little-endian raw contents. */
class OipGrpcRequestsTest {

    private static ModelInferRequest infer(String json) {
        return OipGrpcRequests.infer(json.getBytes(StandardCharsets.UTF_8), "m", "2");
    }

    @Test
    void nestedDataBecomesRowMajorLittleEndianRawContents() {
        ModelInferRequest request = infer("""
                {"id": "7", "parameters": {"t": 0.5, "n": 3, "b": true, "s": "x"},
                 "inputs": [{"name": "a", "datatype": "INT16", "shape": [2, 2], "data": [[1, -2], [3, 4]]},
                            {"name": "s", "datatype": "BYTES", "shape": [1], "data": ["hé"]},
                            {"name": "f", "datatype": "FP32", "shape": [1], "data": [1.5]}],
                 "outputs": [{"name": "y"}]}""");

        assertThat(request.getModelName()).isEqualTo("m");
        assertThat(request.getModelVersion()).isEqualTo("2");
        assertThat(request.getId()).isEqualTo("7");
        assertThat(request.getParametersMap().get("t").getDoubleParam()).isEqualTo(0.5);
        assertThat(request.getParametersMap().get("n").getInt64Param()).isEqualTo(3);
        assertThat(request.getParametersMap().get("b").getBoolParam()).isTrue();
        assertThat(request.getParametersMap().get("s").getStringParam()).isEqualTo("x");
        assertThat(request.getInputs(0).getShapeList()).containsExactly(2L, 2L);
        assertThat(request.getRawInputContents(0).toByteArray()).containsExactly(1, 0, -2, -1, 3, 0, 4, 0);
        assertThat(request.getRawInputContents(1).toByteArray()).containsExactly(3, 0, 0, 0, 'h', 0xc3 - 256, 0xa9 - 256);
        assertThat(ByteBuffer.wrap(request.getRawInputContents(2).toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat())
                .isEqualTo(1.5f);
        assertThat(request.getOutputs(0).getName()).isEqualTo("y");
    }

    @Test
    void mistakesNameTheirField() {
        assertThatThrownBy(() -> infer("[1]")).hasMessageContaining("JSON object with \"inputs\"");
        assertThatThrownBy(() -> infer("{\"inputs\": [{\"name\": \"a\", \"datatype\": \"FP9\", \"shape\": [1], \"data\": [1]}]}"))
                .hasMessageContaining("unknown datatype 'FP9'");
        assertThatThrownBy(() -> infer("{\"inputs\": [{\"name\": \"a\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [\"x\"]}]}"))
                .hasMessageContaining("input a: \"x\" is not a FP32 element");
        assertThatThrownBy(() -> infer("{\"inputs\": [{\"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}"))
                .hasMessageContaining("needs a \"name\"");
        assertThatThrownBy(() -> infer("not json")).hasMessageContaining("not JSON");
    }
}
