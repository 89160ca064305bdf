package io.aiges.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.ClientText;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.engine.AigesError;
import io.aiges.engine.ClientNumbers;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OutputSpec;
import io.aiges.server.FrontEndRules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the AIGES HTTP request body ({@code header} / {@code parameter} / {@code payload}) into a
 * {@link OnceRequest}. Every way a body can be wrong ends in an {@link AigesException} naming the
 * field: 10000 for the body's structure, 10001 for a payload item that does not convert, 10107
 * for a number anywhere whose plain decimal form would be too long ({@link ClientNumbers}).
 */
final class OnceRequestDecoder {
    private static final String STATUS = "status";

    private final ObjectMapper mapper;
    private final StreamingOnceDecoder streaming;

    OnceRequestDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
        this.streaming = new StreamingOnceDecoder(mapper.getFactory());
    }

    OnceRequest decode(byte[] body, String service, String sid) {
        OnceRequest request = streaming.tryDecode(body, service, sid);
        return request != null ? request : decodeTree(body, service, sid);
    }

    /** Through a JSON tree: the reference reading, and the one every error and unusual shape gets. */
    OnceRequest decodeTree(byte[] body, String service, String sid) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw AigesError.BAD_JSON.exception("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AigesError.BAD_JSON.exception("request body could not be read: " + e.getMessage());
        } catch (NumberFormatException exponentOverflow) {
            // Jackson's BigDecimal cannot hold 1e-2147483648 or 0.0e-99999999999 (an int scale).
            throw ClientNumbers.overflowing("the request body");
        }
        if (root == null || !root.isObject()) {
            throw AigesError.BAD_JSON.exception("request body must be a JSON object with header, parameter and payload");
        }
        Map<String, String> headers = scalars("header", objectField(root, "header", AigesError.BAD_JSON));
        Map<String, String> params = new LinkedHashMap<>();
        List<OutputSpec> expect = new ArrayList<>();
        JsonNode parameter = objectField(root, "parameter", AigesError.BAD_JSON);
        JsonNode own = objectField(parameter, service, AigesError.BAD_JSON);
        String where = "parameter." + service + ".";
        own.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                expect.add(outputSpec(where, e.getKey(), e.getValue()));
            } else {
                params.put(e.getKey(), Json.scalarText(e.getValue(), where + ClientText.cut(e.getKey())));
            }
        });
        List<DataItem> inputs = new ArrayList<>();
        objectField(root, "payload", AigesError.PAYLOAD_CONVERSION).properties()
                .forEach(e -> inputs.add(dataItem(e.getKey(), e.getValue())));
        return new OnceRequest(sid, headers, FrontEndRules.params(params, sid), inputs, expect);
    }

    /** The named member as an object; absent or null is an empty object, anything else an error. */
    private JsonNode objectField(JsonNode parent, String name, AigesError error) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return mapper.createObjectNode();
        }
        if (!node.isObject()) {
            throw error.exception("'" + name + "' must be a JSON object, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node;
    }

    private static Map<String, String> scalars(String where, JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(),
                Json.scalarText(e.getValue(), where + "." + ClientText.cut(e.getKey()))));
        return out;
    }

    private static OutputSpec outputSpec(String parameter, String name, JsonNode node) {
        String where = parameter + ClientText.cut(name) + ".";
        JsonNode dataType = node.get("data_type");
        DataType type = dataType == null || dataType.isNull() ? null
                : DataType.fromJsonName(Json.scalarText(dataType, where + "data_type"));
        Map<String, String> descriptors = new HashMap<>();
        node.properties().forEach(e -> {
            if (!e.getKey().equals("data_type")) {
                descriptors.put(e.getKey(), Json.scalarText(e.getValue(), where + ClientText.cut(e.getKey())));
            }
        });
        return new OutputSpec(name, type, descriptors);
    }

    private static DataItem dataItem(String key, JsonNode node) {
        String where = "payload." + ClientText.cut(key);
        if (!node.isObject()) {
            throw AigesError.PAYLOAD_CONVERSION.exception(where + " must be an object like {\"encoding\": \"jpg\", \"image\": \"<base64>\"}");
        }
        DataType type = null;
        byte[] data = null;
        DataStatus status = DataStatus.ONCE;
        Map<String, String> descriptors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            DataType field = DataType.ofField(e.getKey());
            if (field != null) {
                if (type != null) {
                    throw AigesError.PAYLOAD_CONVERSION.exception(where + " has both '" + type.jsonName() + "' and '"
                            + field.jsonName() + "'; give exactly one data field");
                }
                type = field;
                data = dataBytes(where + "." + e.getKey(), e.getValue());
            } else if (e.getKey().equals(STATUS)) {
                status = status(where, e.getValue());
            } else {
                descriptors.put(e.getKey(), Json.scalarText(e.getValue(), where + "." + ClientText.cut(e.getKey())));
            }
        }
        if (type == null) {
            throw AigesError.PAYLOAD_CONVERSION.exception(where + " has no data field; give one of text, audio, image, video, other");
        }
        return FrontEndRules.input(key, data, type, status, descriptors);
    }

    /** Strings are base64 (whitespace tolerated, standard or URL-safe alphabet); objects and arrays are sent as JSON. */
    private static byte[] dataBytes(String where, JsonNode value) {
        if (value.isContainerNode()) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (!value.isTextual()) {
            throw AigesError.PAYLOAD_CONVERSION.exception(where + " must be a base64 string (or a JSON object), got "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return Base64Text.decode(where, value.textValue());
    }

    private static DataStatus status(String where, JsonNode value) {
        String text = Json.scalarText(value, where + "." + STATUS).trim();
        try {
            return DataStatus.fromWire(Integer.parseInt(text));
        } catch (IllegalArgumentException e) {
            throw AigesError.PAYLOAD_CONVERSION.exception(where + ".status must be 0, 1, 2 or 3, got '"
                    + ClientText.cut(text) + "'");
        }
    }
}
