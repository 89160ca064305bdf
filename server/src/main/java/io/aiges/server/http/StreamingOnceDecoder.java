package io.aiges.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.engine.ClientNumbers;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OutputSpec;
import io.aiges.server.FrontEndRules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast way to read a well-formed AIGES request: straight from the parser's tokens, without
 * building a JSON tree first (the tree cost about a tenth of a small request's CPU). It reads only
 * what it can read exactly as {@link OnceRequestDecoder}'s tree walk does; on anything else (bad
 * JSON, a wrong shape, a duplicate key, a JSON object or array where a string is expected) it
 * gives up and returns null, and the tree walk decides, so every error, and every answer to an
 * unusual request, stays what it was.
 */
final class StreamingOnceDecoder {
    private static final String STATUS = "status";
    private static final String DATA_TYPE = "data_type";

    private final JsonFactory factory;

    StreamingOnceDecoder(JsonFactory factory) {
        // A private copy that refuses duplicate keys: the tree keeps the last of them, which only
        // the tree walk reproduces. Same limits (string length, nesting) as the tree's parser.
        this.factory = factory.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** The request, or null when the tree walk must decide (an error, or a shape read only there). */
    OnceRequest tryDecode(byte[] body, String service, String sid) {
        try (JsonParser json = factory.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, String> headers = Map.of();
            Map<String, String> params = Map.of();
            List<OutputSpec> expect = List.of();
            List<DataItem> inputs = List.of();
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                JsonToken value = json.nextToken();
                switch (field) {
                    case "header" -> {
                        if (!isObjectOrNull(value)) {
                            return null;
                        }
                        headers = value == JsonToken.VALUE_NULL ? Map.of() : scalars(json);
                        if (headers == null) {
                            return null;
                        }
                    }
                    case "parameter" -> {
                        if (!isObjectOrNull(value)) {
                            return null;
                        }
                        params = new LinkedHashMap<>();
                        expect = new ArrayList<>();
                        if (value == JsonToken.START_OBJECT && !parameters(json, service, params, expect)) {
                            return null;
                        }
                    }
                    case "payload" -> {
                        if (!isObjectOrNull(value)) {
                            return null;
                        }
                        inputs = value == JsonToken.VALUE_NULL ? List.of() : payload(json);
                        if (inputs == null) {
                            return null;
                        }
                    }
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                return null; // trailing tokens: the tree's parser words the error
            }
            return new OnceRequest(sid, headers, FrontEndRules.params(params, sid), inputs, expect);
        } catch (IOException | RuntimeException e) {
            return null; // the tree walk reports it, worded as it always was
        }
    }

    private static boolean isObjectOrNull(JsonToken token) {
        return token == JsonToken.START_OBJECT || token == JsonToken.VALUE_NULL;
    }

    /** The members of the object just opened, as engine strings; null if one is a container. */
    private static Map<String, String> scalars(JsonParser json) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            String text = scalarText(json, json.nextToken());
            if (text == null) {
                return null;
            }
            out.put(field, text);
        }
        return out;
    }

    /** {@code parameter}: this service's object gives parameters and declared outputs; others are skipped. */
    private static boolean parameters(JsonParser json, String service, Map<String, String> params,
                                      List<OutputSpec> expect) throws IOException {
        boolean seen = false;
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            JsonToken value = json.nextToken();
            if (!field.equals(service)) {
                json.skipChildren();
                continue;
            }
            if (seen || !isObjectOrNull(value)) {
                return false;
            }
            seen = true;
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
                JsonToken token = json.nextToken();
                if (token == JsonToken.START_OBJECT) {
                    OutputSpec spec = outputSpec(json, name);
                    if (spec == null) {
                        return false;
                    }
                    expect.add(spec);
                } else {
                    String text = scalarText(json, token);
                    if (text == null) {
                        return false;
                    }
                    params.put(name, text);
                }
            }
        }
        return true;
    }

    private static OutputSpec outputSpec(JsonParser json, String name) throws IOException {
        DataType type = null;
        Map<String, String> descriptors = new HashMap<>();
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            JsonToken token = json.nextToken();
            String text = scalarText(json, token);
            if (text == null) {
                return null;
            }
            if (field.equals(DATA_TYPE)) {
                type = token == JsonToken.VALUE_NULL ? null : DataType.fromJsonName(text);
            } else {
                descriptors.put(field, text);
            }
        }
        return new OutputSpec(name, type, descriptors);
    }

    private static List<DataItem> payload(JsonParser json) throws IOException {
        List<DataItem> inputs = new ArrayList<>();
        for (String key = json.nextFieldName(); key != null; key = json.nextFieldName()) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            DataItem item = dataItem(json, key);
            if (item == null) {
                return null;
            }
            inputs.add(item);
        }
        return inputs;
    }

    private static DataItem dataItem(JsonParser json, String key) throws IOException {
        DataType type = null;
        byte[] data = null;
        DataStatus status = DataStatus.ONCE;
        Map<String, String> descriptors = new LinkedHashMap<>();
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            JsonToken token = json.nextToken();
            DataType dataField = DataType.ofField(field);
            if (dataField != null) {
                if (type != null || token != JsonToken.VALUE_STRING) {
                    return null;
                }
                type = dataField;
                data = Base64Text.decode("payload." + key + "." + field, json.getText());
            } else {
                String text = scalarText(json, token);
                if (text == null) {
                    return null;
                }
                if (field.equals(STATUS)) {
                    status = DataStatus.fromWire(Integer.parseInt(text.trim()));
                } else {
                    descriptors.put(field, text);
                }
            }
        }
        return type == null ? null : FrontEndRules.input(key, data, type, status, descriptors);
    }

    /**
     * A scalar as {@link Json#scalarText} words the same value's tree node; null for a container,
     * whose JSON text only the tree writes the same way. A number {@link ClientNumbers} refuses
     * throws, and the tree walk words the error, naming where it is.
     */
    private static String scalarText(JsonParser json, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT -> String.valueOf(json.getNumberValue());
            case VALUE_NUMBER_FLOAT -> ClientNumbers.plain(json.getDecimalValue(), "");
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "";
            default -> null;
        };
    }
}
