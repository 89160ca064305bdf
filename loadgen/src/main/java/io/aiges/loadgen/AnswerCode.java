package io.aiges.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reads {@code header.code} (and {@code header.status}) of an AIGES JSON answer, as HTTP and WebSocket send it. */
final class AnswerCode {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The header of an answer: its code, or {@link Target#TRANSPORT} when the text is not an AIGES answer. */
    record Header(String code, int status) {
        boolean last() {
            return status == 2;
        }
    }

    private AnswerCode() {
    }

    static Header read(byte[] answer) {
        try {
            JsonNode header = JSON.readTree(answer).path("header");
            JsonNode code = header.path("code");
            if (!code.canConvertToInt()) {
                return new Header(Target.TRANSPORT, -1);
            }
            return new Header(Integer.toString(code.intValue()), header.path("status").asInt(-1));
        } catch (IOException e) {
            return new Header(Target.TRANSPORT, -1);
        }
    }
}
