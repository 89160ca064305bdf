package io.aiges.engine.service;

import io.aiges.api.DataType;

import java.util.Map;

/**
 * An output the client asked for ({@code parameter.{service}.{name}} in the HTTP API): its
 * name, data type and the descriptors it wants echoed ({@code encoding}, {@code compress},
 * {@code format}). {@code type} is null when the client did not say ({@code data_type} absent):
 * then any type is accepted.
 */
public record OutputSpec(String name, DataType type, Map<String, String> descriptors) {
    public OutputSpec {
        descriptors = Map.copyOf(descriptors);
    }
}
