package io.aiges.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OutputSpec;
import io.aiges.server.grpc.v1.StreamRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Turns the HTTP request JSON ({@code header} / {@code parameter} / {@code payload}) into the
 * gRPC {@code OnceRequest} the same server reads the same way, so one body file benchmarks both
 * front-ends: header scalars become headers, scalars under {@code parameter.{service}} params,
 * objects there output specs, and each payload item a {@code DataItem} with its base64 decoded.
 */
final class GrpcRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrpcRequests() {
    }

    /** Throws {@link IllegalArgumentException} naming the field when the body cannot be translated. */
    static OnceRequest once(byte[] body, String service) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("--body: not JSON, so it cannot be sent over gRPC: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--body: expected a JSON object with header, parameter and payload");
        }
        OnceRequest.Builder request = OnceRequest.newBuilder().setService(service);
        root.path("header").properties().forEach(e -> request.putHeaders(e.getKey(), scalar(e.getValue())));
        root.path("parameter").path(service).properties().forEach(e -> {
            if (e.getValue().isObject()) {
                request.addOutputs(output(e.getKey(), e.getValue()));
            } else {
                request.putParams(e.getKey(), scalar(e.getValue()));
            }
        });
        root.path("payload").properties().forEach(e -> request.addInputs(input(e.getKey(), e.getValue())));
        return request.build();
    }

    /**
     * One streaming frame (WebSocket JSON, see {@link StreamFrames}) as a {@code StreamRequest}: the
     * translation of {@link #once}, with {@code header.status} as the frame's status (absent means
     * continue, as over WebSocket).
     */
    static StreamRequest streamFrame(String frame, String service) {
        OnceRequest once = once(frame.getBytes(StandardCharsets.UTF_8), service);
        String status = once.getHeadersMap().getOrDefault("status", "1");
        int wire;
        try {
            wire = Integer.parseInt(status.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--body: header.status is '" + status + "'; use 0, 1 or 2");
        }
        return StreamRequest.newBuilder()
                .setService(service)
                .putAllHeaders(once.getHeadersMap())
                .putAllParams(once.getParamsMap())
                .addAllInputs(once.getInputsList())
                .addAllOutputs(once.getOutputsList())
                .setStatusValue(wire)
                .build();
    }

    private static OutputSpec output(String name, JsonNode spec) {
        OutputSpec.Builder output = OutputSpec.newBuilder().setName(name);
        JsonNode dataType = spec.get("data_type");
        if (dataType == null || dataType.isNull()) {
            output.setAnyType(true);
        } else {
            output.setType(type(dataType.asText(), "parameter." + name + ".data_type"));
        }
        spec.properties().forEach(e -> {
            if (!e.getKey().equals("data_type")) {
                output.putDescriptors(e.getKey(), scalar(e.getValue()));
            }
        });
        return output.build();
    }

    private static DataItem input(String key, JsonNode item) {
        String where = "payload." + key;
        if (!item.isObject()) {
            throw new IllegalArgumentException("--body: " + where + " must be an object like {\"image\": \"<base64>\"}");
        }
        DataItem.Builder input = DataItem.newBuilder().setKey(key).setStatus(DataStatus.ONCE);
        boolean hasData = false;
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            DataType type = dataField(e.getKey());
            if (type != null) {
                input.setType(type).setData(ByteString.copyFrom(data(where + "." + e.getKey(), e.getValue())));
                hasData = true;
            } else if (e.getKey().equals("status")) {
                input.setStatusValue(e.getValue().asInt());
            } else {
                input.putDescriptors(e.getKey(), scalar(e.getValue()));
            }
        }
        if (!hasData) {
            throw new IllegalArgumentException("--body: " + where + " has no data field (text, audio, image, video, other)");
        }
        return input.build();
    }

    private static DataType dataField(String name) {
        return switch (name) {
            case "text" -> DataType.TEXT;
            case "audio" -> DataType.AUDIO;
            case "image" -> DataType.IMAGE;
            case "video" -> DataType.VIDEO;
            case "other" -> DataType.OTHER;
            default -> null;
        };
    }

    private static DataType type(String name, String where) {
        DataType type = dataField(name);
        if (type == null) {
            throw new IllegalArgumentException("--body: " + where + " is '" + name
                    + "'; use text, audio, image, video or other");
        }
        return type;
    }

    /** As the HTTP front-end: strings are base64, objects and arrays go as their JSON text. */
    private static byte[] data(String where, JsonNode value) {
        if (value.isContainerNode()) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getMimeDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--body: " + where + " is not base64: " + e.getMessage());
        }
    }

    private static String scalar(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
