package io.aiges.server.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.ClientNumbers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST protocol's JSON: inference requests in (with binary tensor data after the JSON when
 * the client uses the extension), responses, metadata and errors out. Every malformed request
 * is a 10009 or 10000 naming what is wrong (10107 for a number too long in plain decimal);
 * nothing in a request can make this throw anything else.
 */
final class OipJson {
    /** Output parameter saying how BYTES elements are written (MLServer's name for it). */
    private static final String CONTENT_TYPE = "content_type";
    private final ObjectMapper mapper;
    /** The mapper's limits, refusing duplicate keys: the token reader leaves those to the tree. */
    private final JsonFactory strict;
    /** Reads one member's value as a tree in the middle of a document (the mapper would call what follows trailing). */
    private final ObjectReader member;

    OipJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.strict = mapper.getFactory().copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.member = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A response body, and how much of it is JSON (less than its length when outputs are binary). */
    record Body(byte[] bytes, int jsonLength) {
        boolean binary() {
            return jsonLength < bytes.length;
        }
    }

    /**
     * Decodes {@code POST /v2/models/{model}[/versions/{version}]/infer}.
     *
     * @param jsonLength the {@code Inference-Header-Content-Length}, or -1 when the body is all JSON
     */
    InferRequest request(String model, String version, byte[] body, int jsonLength) {
        InferRequest streamed = jsonLength == -1 ? streamed(model, version, body) : null;
        return streamed != null ? streamed : requestTree(model, version, body, jsonLength);
    }

    /** Through a JSON tree: the reference reading, and the one every error and unusual request gets. */
    InferRequest requestTree(String model, String version, byte[] body, int jsonLength) {
        if (jsonLength > body.length || jsonLength < -1) {
            throw AigesError.INVALID_DATA.exception(BinaryData.HEADER + " is " + jsonLength + " but the body has only "
                    + body.length + " bytes");
        }
        int json = jsonLength < 0 ? body.length : jsonLength;
        JsonNode root;
        try {
            root = mapper.readTree(body, 0, json);
        } catch (IOException e) {
            throw AigesError.BAD_JSON.exception("the request is not valid JSON: " + firstLine(e));
        } catch (NumberFormatException e) {
            throw exponentOverflow();
        }
        if (root == null || !root.isObject()) {
            throw AigesError.BAD_JSON.exception("the request must be a JSON object with \"inputs\"");
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw AigesError.INVALID_DATA.exception("\"inputs\" must be a non-empty array of tensors");
        }
        int[] offset = {json};
        List<Tensor> tensors = new ArrayList<>();
        for (JsonNode input : inputs) {
            tensors.add(input(input, body, offset));
        }
        if (offset[0] != body.length) {
            throw AigesError.INVALID_DATA.exception("the body has " + (body.length - offset[0])
                    + " bytes of binary data that no input's binary_data_size accounts for");
        }
        return finish(model, version, root, tensors);
    }

    /** The request's outputs, id and parameters, read alike whichever way its inputs were. */
    private InferRequest finish(String model, String version, JsonNode root, List<Tensor> tensors) {
        List<InferRequest.RequestedOutput> outputs = new ArrayList<>();
        JsonNode requested = root.get("outputs");
        if (requested != null && !requested.isNull()) {
            if (!requested.isArray()) {
                throw AigesError.INVALID_DATA.exception("\"outputs\" must be an array of {\"name\": ...}");
            }
            for (JsonNode output : requested) {
                if (!output.isObject()) {
                    throw AigesError.INVALID_DATA.exception("each of \"outputs\" must be an object with a \"name\"");
                }
                outputs.add(new InferRequest.RequestedOutput(text(output, "name", "output"),
                        parameters(output.get("parameters"), "output parameters")));
            }
        }
        JsonNode id = root.get("id");
        return new InferRequest(model, version, id == null || id.isNull() ? "" : scalar(id, "id").toString(),
                parameters(root.get("parameters"), "parameters"), tensors, outputs);
    }

    private Tensor input(JsonNode input, byte[] body, int[] offset) {
        return input(input, body, offset, null);
    }

    /** One input; {@code streamed} holds its elements when the token reader has read them already. */
    private Tensor input(JsonNode input, byte[] body, int[] offset, byte[] streamed) {
        if (!input.isObject()) {
            throw AigesError.INVALID_DATA.exception("each of \"inputs\" must be an object with name, shape, datatype, data");
        }
        String name = text(input, "name", "input");
        String what = "input '" + ClientText.cut(name) + "'";
        Datatype datatype = Datatype.parse(text(input, "datatype", what));
        long[] shape = shape(input.get("shape"), what);
        Map<String, Object> parameters = parameters(input.get("parameters"), "parameters of " + what);
        Object size = parameters.get(BinaryData.SIZE);
        JsonNode data = input.get("data");
        byte[] bytes;
        if (size != null) {
            if (!(size instanceof Long length) || length < 0 || length > body.length - offset[0]) {
                throw AigesError.INVALID_DATA.exception(what + ": " + BinaryData.SIZE + " " + size
                        + " is not a size within the " + (body.length - offset[0]) + " bytes of binary data left");
            }
            if (data != null || streamed != null) {
                throw AigesError.INVALID_DATA.exception(what + " has both \"data\" and " + BinaryData.SIZE);
            }
            bytes = Arrays.copyOfRange(body, offset[0], offset[0] + length.intValue());
            offset[0] += length.intValue();
            parameters = new LinkedHashMap<>(parameters);
            parameters.remove(BinaryData.SIZE);
        } else {
            if (streamed != null) {
                bytes = streamed;
            } else {
                if (data == null || data.isNull()) {
                    throw AigesError.INVALID_DATA.exception(what + " has no \"data\" (nor " + BinaryData.SIZE + ")");
                }
                bytes = JsonElements.read(name, datatype, data);
            }
        }
        return Tensor.of(name, datatype, shape, parameters, bytes);
    }

    private static long[] shape(JsonNode shape, String what) {
        if (shape == null || !shape.isArray()) {
            throw AigesError.INVALID_DATA.exception(what + " needs \"shape\": an array of sizes such as [1, 28, 28]");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw AigesError.INVALID_DATA.exception(what + ": shape " + ClientText.cut(shape.toString())
                        + " must hold sizes of 0 or more");
            }
            dims[i] = d.longValue();
        }
        return dims;
    }

    /**
     * The fast way to read a request without binary data: numeric tensors' elements go straight
     * from the parser's tokens into their bytes, where the tree made a node of each (a 224x224x3
     * picture is 150,528 nodes); every other member is read as a small tree and checked by the
     * same code as the tree path. Anything this reading is not sure to read exactly as the tree
     * path does (an error, a duplicate key, {@code data} before its {@code datatype}, BYTES or BOOL
     * data, a number out of an integer type's range) returns null, and the tree path decides.
     */
    InferRequest streamed(String model, String version, byte[] body) {
        try (JsonParser json = strict.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode root = mapper.createObjectNode();
            List<Tensor> tensors = null;
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                JsonToken value = json.nextToken();
                if (!field.equals("inputs")) {
                    root.set(field, member.readTree(json));
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    return null;
                }
                tensors = new ArrayList<>();
                int[] offset = {body.length};
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    Tensor tensor = streamedInput(json, body, offset);
                    if (tensor == null) {
                        return null;
                    }
                    tensors.add(tensor);
                }
                if (json.currentToken() != JsonToken.END_ARRAY) {
                    return null;
                }
            }
            if (json.nextToken() != null || tensors == null || tensors.isEmpty()) {
                return null;
            }
            return finish(model, version, root, tensors);
        } catch (IOException | RuntimeException e) {
            return null; // the tree path reports it, worded as it always was
        }
    }

    private Tensor streamedInput(JsonParser json, byte[] body, int[] offset) throws IOException {
        ObjectNode input = mapper.createObjectNode();
        byte[] data = null;
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            json.nextToken();
            if (!field.equals("data")) {
                input.set(field, member.readTree(json));
                continue;
            }
            JsonNode datatype = input.get("datatype");
            Datatype type = datatype == null || !datatype.isTextual() ? null : Datatype.parse(datatype.textValue());
            if (type == null || type == Datatype.BYTES || type == Datatype.BOOL) {
                return null;
            }
            NumberBytes out = new NumberBytes(type);
            if (!out.read(json, 0)) {
                return null;
            }
            data = out.bytes();
        }
        return data == null ? null : input(input, body, offset, data);
    }

    /** A numeric tensor's elements as little-endian bytes, read from nested arrays of numbers. */
    private static final class NumberBytes {
        private final Datatype type;
        private ByteBuffer out = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

        NumberBytes(Datatype type) {
            this.type = type;
        }

        /** Reads the value at the current token; false when the tree path must read it instead. */
        boolean read(JsonParser json, int depth) throws IOException {
            JsonToken token = json.currentToken();
            if (token == JsonToken.START_ARRAY) {
                if (depth > 32) {
                    return false;
                }
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    if (!read(json, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return false;
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT
                    && !ClientNumbers.fits(json.getTextCharacters(), json.getTextOffset(), json.getTextLength())) {
                return false; // the tree path refuses it, naming the tensor
            }
            ensure(type.size());
            switch (type) {
                case FP16 -> out.putShort(Float.floatToFloat16((float) json.getDoubleValue()));
                case FP32 -> out.putFloat((float) json.getDoubleValue());
                case FP64 -> out.putDouble(json.getDoubleValue());
                default -> {
                    if (token != JsonToken.VALUE_NUMBER_INT || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return false;
                    }
                    long value = json.getLongValue();
                    if (!fits(value)) {
                        return false;
                    }
                    switch (type.size()) {
                        case 1 -> out.put((byte) value);
                        case 2 -> out.putShort((short) value);
                        case 4 -> out.putInt((int) value);
                        default -> out.putLong(value);
                    }
                }
            }
            return true;
        }

        /** Within the integer type's range (a long holds every value of every type but UINT64's top half). */
        private boolean fits(long value) {
            int bits = type.size() * 8;
            if (type.unsigned()) {
                return value >= 0 && (bits == 64 || value < (1L << bits));
            }
            return bits == 64 || (value >= -(1L << (bits - 1)) && value < (1L << (bits - 1)));
        }

        private void ensure(int more) {
            if (out.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more))
                        .order(ByteOrder.LITTLE_ENDIAN);
                out.flip();
                bigger.put(out);
                out = bigger;
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(out.array(), out.position());
        }
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw AigesError.INVALID_DATA.exception(what + " needs \"" + field + "\": a non-empty string");
        }
        return value.textValue();
    }

    private static Map<String, Object> parameters(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw AigesError.INVALID_DATA.exception("\"" + what + "\" must be an object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.properties().forEach(field -> out.put(field.getKey(), scalar(field.getValue(), ClientText.cut(field.getKey()))));
        return out;
    }

    /** A JSON scalar as Boolean, Long, Double or String; objects and arrays are kept as their JSON text. */
    private static Object scalar(JsonNode value, String what) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isBigDecimal()) {
            ClientNumbers.checked(value.decimalValue(), "\"" + what + "\"");
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNull()) {
            throw AigesError.INVALID_DATA.exception("\"" + what + "\" must not be null");
        }
        return value.toString();
    }

    /** The response; outputs asked for in binary go after the JSON. */
    Body response(InferResponse response, InferRequest request) {
        boolean all = BinaryData.flag(request.parameters(), BinaryData.OUTPUT_ALL);
        Map<String, Boolean> binary = new LinkedHashMap<>();
        for (InferRequest.RequestedOutput output : request.outputs()) {
            binary.put(output.name(), BinaryData.flag(output.parameters(), BinaryData.OUTPUT));
        }
        ObjectNode root = mapper.createObjectNode();
        root.put("model_name", response.model());
        root.put("model_version", response.version());
        if (!response.id().isEmpty()) {
            root.put("id", response.id());
        }
        ArrayNode outputs = root.putArray("outputs");
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        for (Tensor tensor : response.outputs()) {
            ObjectNode out = outputs.addObject();
            out.put("name", tensor.name());
            out.put("datatype", tensor.datatype().name());
            ArrayNode shape = out.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            if (binary.getOrDefault(tensor.name(), all)) {
                out.putObject("parameters").put(BinaryData.SIZE, tensor.data().length);
                tail.writeBytes(tensor.data());
            } else {
                boolean base64 = JsonElements.needsBase64(tensor);
                if (base64) {
                    out.putObject("parameters").put(CONTENT_TYPE, "base64");
                }
                JsonElements.write(tensor, out.putArray("data"), base64);
            }
        }
        byte[] json = bytes(root);
        if (tail.size() == 0) {
            return new Body(json, json.length);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(json.length + tail.size());
        body.writeBytes(json);
        body.writeBytes(tail.toByteArray());
        return new Body(body.toByteArray(), json.length);
    }

    byte[] metadata(OipModels.Metadata metadata) {
        ObjectNode root = mapper.createObjectNode();
        root.put("name", metadata.name());
        ArrayNode versions = root.putArray("versions");
        metadata.versions().forEach(versions::add);
        root.put("platform", metadata.platform());
        tensors(root.putArray("inputs"), metadata.inputs());
        tensors(root.putArray("outputs"), metadata.outputs());
        return bytes(root);
    }

    private static void tensors(ArrayNode array, List<OipModels.TensorMeta> tensors) {
        for (OipModels.TensorMeta tensor : tensors) {
            ObjectNode node = array.addObject().put("name", tensor.name()).put("datatype", tensor.datatype());
            ArrayNode shape = node.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
        }
    }

    byte[] error(AigesException error) {
        return bytes(mapper.createObjectNode().put("error", error.getMessage()));
    }

    byte[] list(List<Map<String, Object>> items) {
        return bytes(mapper.valueToTree(items));
    }

    byte[] object(Map<String, Object> fields) {
        return bytes(mapper.valueToTree(fields));
    }

    /** An optional JSON object body ({@code {"ready": true}}), or an empty one. */
    JsonNode optionalObject(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isNull()) {
                return mapper.createObjectNode();
            }
            if (!node.isObject()) {
                throw AigesError.BAD_JSON.exception("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw AigesError.BAD_JSON.exception("the request is not valid JSON: " + firstLine(e));
        } catch (NumberFormatException e) {
            throw exponentOverflow();
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's BigDecimal cannot hold 1e-2147483648 or 0.0e-99999999999 (an int scale), and says so unchecked. */
    private static AigesException exponentOverflow() {
        return ClientNumbers.overflowing("the request");
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
