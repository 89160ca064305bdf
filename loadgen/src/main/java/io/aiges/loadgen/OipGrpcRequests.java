package io.aiges.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.server.oip.grpc.v2.InferParameter;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an OIP v2 JSON inference body (the REST form, e.g. fixtures/mnist-oip-request.json) into the
 * gRPC {@code ModelInferRequest} it means, so one body file drives both transports. Tensors travel
 * as {@code raw_input_contents} (little-endian, BYTES as 4-byte length then bytes), the form fast
 * clients use; the whole conversion happens once, before the load starts. Throws
 * {@link IllegalArgumentException} naming the field for a body that is not such a request: the
 * user's mistake, reported before any load rather than as thousands of identical errors.
 */
final class OipGrpcRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OipGrpcRequests() {
    }

    /** The request for {@code model} ({@code version} may be empty: the server's choice). */
    static ModelInferRequest infer(byte[] body, String model, String version) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("--body: not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--body: expected an OIP inference request, a JSON object with \"inputs\"");
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model).setModelVersion(version);
        if (root.hasNonNull("id")) {
            request.setId(root.get("id").asText());
        }
        request.putAllParameters(parameters(root.path("parameters"), "request"));
        JsonNode inputs = root.path("inputs");
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw new IllegalArgumentException("--body: \"inputs\" must be a non-empty array of tensors");
        }
        for (JsonNode input : inputs) {
            String name = input.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("--body: every input needs a \"name\"");
            }
            String datatype = input.path("datatype").asText("");
            JsonNode shape = input.path("shape");
            if (!shape.isArray()) {
                throw new IllegalArgumentException("--body: input " + name + " needs a \"shape\" array");
            }
            ModelInferRequest.InferInputTensor.Builder tensor = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(name).setDatatype(datatype)
                    .putAllParameters(parameters(input.path("parameters"), "input " + name));
            shape.forEach(d -> tensor.addShape(d.asLong()));
            request.addInputs(tensor);
            request.addRawInputContents(ByteString.copyFrom(raw(name, datatype, flat(input.path("data")))));
        }
        for (JsonNode output : root.path("outputs")) {
            String name = output.path("name").asText("");
            request.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name)
                    .putAllParameters(parameters(output.path("parameters"), "output " + name)));
        }
        return request.build();
    }

    /** The elements of {@code data}, flat or nested by shape, in row-major order. */
    private static List<JsonNode> flat(JsonNode data) {
        List<JsonNode> elements = new ArrayList<>();
        flatten(data, elements);
        return elements;
    }

    private static void flatten(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(element -> flatten(element, into));
        } else if (!node.isMissingNode()) {
            into.add(node);
        }
    }

    /** The elements as the datatype's little-endian bytes; the server checks count and shape. */
    static byte[] raw(String name, String datatype, List<JsonNode> elements) {
        int size = switch (datatype) {
            case "BOOL", "UINT8", "INT8" -> 1;
            case "UINT16", "INT16", "FP16" -> 2;
            case "UINT32", "INT32", "FP32" -> 4;
            case "UINT64", "INT64", "FP64" -> 8;
            case "BYTES" -> 0;
            default -> throw new IllegalArgumentException("--body: input " + name + ": unknown datatype '" + datatype + "'");
        };
        if (size == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (JsonNode element : elements) {
                byte[] text = element.asText().getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(text.length).array());
                out.writeBytes(text);
            }
            return out.toByteArray();
        }
        ByteBuffer out = ByteBuffer.allocate(size * elements.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode element : elements) {
            if (datatype.equals("BOOL") ? !element.isBoolean() : !element.isNumber()) {
                throw new IllegalArgumentException("--body: input " + name + ": " + element + " is not a "
                        + datatype + " element");
            }
            switch (datatype) {
                case "BOOL" -> out.put((byte) (element.booleanValue() ? 1 : 0));
                case "UINT8", "INT8" -> out.put((byte) element.longValue());
                case "UINT16", "INT16" -> out.putShort((short) element.longValue());
                case "FP16" -> out.putShort(Float.floatToFloat16(element.floatValue()));
                case "UINT32", "INT32" -> out.putInt((int) element.longValue());
                case "FP32" -> out.putFloat(element.floatValue());
                case "UINT64" -> out.putLong(element.bigIntegerValue().longValue());
                case "INT64" -> out.putLong(element.longValue());
                default -> out.putDouble(element.doubleValue());
            }
        }
        return out.array();
    }

    private static Map<String, InferParameter> parameters(JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("--body: " + what + " \"parameters\" must be an object");
        }
        Map<String, InferParameter> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            InferParameter.Builder parameter = InferParameter.newBuilder();
            if (value.isBoolean()) {
                parameter.setBoolParam(value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                parameter.setInt64Param(value.longValue());
            } else if (value.isNumber()) {
                parameter.setDoubleParam(value.doubleValue());
            } else if (value.isTextual()) {
                parameter.setStringParam(value.textValue());
            } else {
                throw new IllegalArgumentException("--body: " + what + " parameter " + entry.getKey()
                        + " must be a string, number or boolean");
            }
            parameters.put(entry.getKey(), parameter.build());
        }
        return parameters;
    }
}
