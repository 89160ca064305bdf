package io.aiges.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the AIGES HTTP response JSON. A {@code text} output is sent as the raw string (as the
 * original and its clients expect); every other type as base64.
 */
final class OnceResponseEncoder {
    private final ObjectMapper mapper;

    OnceResponseEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] success(OnceResult result) {
        return write(json -> {
            json.writeObjectFieldStart("header");
            json.writeNumberField("code", 0);
            json.writeStringField("message", "success");
            json.writeStringField("sid", result.sid());
            json.writeNumberField("status", result.status().wire());
            json.writeEndObject();
            json.writeObjectFieldStart("payload");
            for (DataItem out : result.outputs()) {
                json.writeObjectFieldStart(out.key());
                // Sorted, so answers read the same every time, as the original documents them
                // (a sorted array of the few keys, not a TreeMap per output: this runs per answer).
                Map<String, String> descriptors = out.descriptors();
                String[] keys = descriptors.keySet().toArray(new String[0]);
                Arrays.sort(keys);
                for (String key : keys) {
                    json.writeStringField(key, descriptors.get(key));
                }
                if (out.type() == DataType.TEXT) {
                    json.writeStringField(out.type().jsonName(), out.asText());
                } else {
                    json.writeFieldName(out.type().jsonName());
                    json.writeBinary(out.data());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    byte[] error(AigesException error, String sid) {
        return write(json -> {
            json.writeObjectFieldStart("header");
            json.writeNumberField("code", error.code());
            json.writeStringField("message", error.getMessage());
            json.writeStringField("sid", sid);
            json.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a response to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
