package io.aiges.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * How an answer of {@code POST /v2/models/m/infer} (Open Inference Protocol v2 over REST, sent by
 * {@link HttpTarget}) counts. OIP answers carry no AIGES header: success is status 200 with an
 * {@code outputs} array; any other status is the failure, counted as {@code http-<status>} (the
 * server answers those with {@code {"error": "..."}}, and the status says whose fault it is).
 */
final class OipAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OipAnswers() {
    }

    /** {@link Target#SUCCESS} for a 200 with outputs; {@code http-<status>} for another status; else transport. */
    static String outcome(int status, byte[] answer) {
        if (status != 200) {
            return "http-" + status;
        }
        try {
            JsonNode outputs = JSON.readTree(answer).path("outputs");
            return outputs.isArray() ? Target.SUCCESS : Target.TRANSPORT;
        } catch (IOException e) {
            return Target.TRANSPORT;
        }
    }
}
