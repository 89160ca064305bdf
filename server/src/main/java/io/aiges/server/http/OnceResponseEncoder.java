package io.aiges.server.http;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceResult;

import java.util.Arrays;
import java.util.Map;

/**
 * Writes the AIGES HTTP response JSON. A {@code text} output is sent as the raw string (as the
 * original and its clients expect); every other type as base64. Written with {@link JsonBytes}
 * (the same bytes Jackson wrote, without its per-answer generator).
 */
final class OnceResponseEncoder {

    byte[] success(OnceResult result) {
        JsonBytes json = new JsonBytes(256);
        json.raw("{\"header\":{\"code\":0,\"message\":\"success\",\"sid\":").string(result.sid())
                .raw(",\"status\":").number(result.status().wire()).raw("},\"payload\":{");
        boolean firstOutput = true;
        for (DataItem out : result.outputs()) {
            json.raw(firstOutput ? "" : ",").string(out.key()).raw(":{");
            firstOutput = false;
            // Sorted, so answers read the same every time, as the original documents them
            // (a sorted array of the few keys, not a TreeMap per output: this runs per answer).
            Map<String, String> descriptors = out.descriptors();
            String[] keys = descriptors.keySet().toArray(new String[0]);
            Arrays.sort(keys);
            for (String key : keys) {
                json.string(key).raw(":").string(descriptors.get(key)).raw(",");
            }
            json.raw("\"").raw(out.type().jsonName()).raw("\":");
            if (out.type() == DataType.TEXT) {
                json.string(out.asText());
            } else {
                json.base64(out.data());
            }
            json.raw("}");
        }
        return json.raw("}}").toByteArray();
    }

    byte[] error(AigesException error, String sid) {
        return new JsonBytes(128).raw("{\"header\":{\"code\":").number(error.code())
                .raw(",\"message\":").string(error.getMessage())
                .raw(",\"sid\":").string(sid).raw("}}").toByteArray();
    }
}
