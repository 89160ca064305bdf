package io.aiges.loadgen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of one benchmark session, as WebSocket JSON text (the gRPC Stream target translates
 * them). Either the body's lines, each one frame, all sent at once ({@link #lines}); or one request
 * repeated as N frames with {@code header.status} 0, 1…, 2, each sent when the previous one's
 * result has arrived, so every frame's round trip is timed ({@link #repeated}). A payload item
 * without a {@code status} gets its frame's, so no frame is mistaken for a one-shot (status 3).
 *
 * @param lockstep send a frame only after the previous frame's result (and time each one)
 */
record StreamFrames(List<String> frames, boolean lockstep) {
    /** A body of several JSON lines is not one request: refuse it rather than read its first line. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    StreamFrames {
        frames = List.copyOf(frames);
    }

    /** The body's non-blank lines, each one frame, sent at once. */
    static StreamFrames lines(byte[] body) {
        List<String> lines = new String(body, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--body: a streaming body holds one JSON frame per line; this one is empty");
        }
        List<String> frames = new ArrayList<>(lines.size());
        for (String line : lines) {
            // A frame that is not a JSON object goes as it is: the server's answer to it is what is measured.
            frames.add(jsonOrNull(line) instanceof ObjectNode object ? withItemStatus(object).toString() : line);
        }
        return new StreamFrames(frames, false);
    }

    /** The body, one request JSON, as {@code count} frames of a session sent in lockstep. */
    static StreamFrames repeated(byte[] body, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--frames: expected at least 1, got " + count);
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (!(request instanceof ObjectNode object)) {
            throw new IllegalArgumentException("--body: with --frames the body is one request JSON object, sent as"
                    + " every frame of a session (not one frame per line)");
        }
        List<String> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int status = i == count - 1 ? 2 : i == 0 ? 0 : 1;
            ObjectNode frame = object.deepCopy();
            if (!(frame.get("header") instanceof ObjectNode)) {
                frame.putObject("header");
            }
            ((ObjectNode) frame.get("header")).put("status", status);
            frame.path("payload").forEach(item -> {
                if (item instanceof ObjectNode input) {
                    input.put("status", status);
                }
            });
            frames.add(frame.toString());
        }
        return new StreamFrames(frames, true);
    }

    private static ObjectNode withItemStatus(ObjectNode frame) {
        JsonNode status = frame.path("header").path("status");
        if (status.canConvertToInt()) {
            frame.path("payload").forEach(item -> {
                if (item instanceof ObjectNode input && !input.has("status")) {
                    input.put("status", status.intValue());
                }
            });
        }
        return frame;
    }

    private static JsonNode jsonOrNull(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
