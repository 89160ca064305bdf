package io.aiges.api;

import java.util.List;
import java.util.Map;

/**
 * What a service accepts and returns, as its engine declares it: used to describe the service
 * ({@code /openapi.json}) and to check requests before they reach the engine.
 *
 * <pre>{@code
 * new ServiceSchema(
 *     List.of(new ServiceSchema.Field("img", DataType.IMAGE, "a PNG or JPEG digit", Map.of("encoding", "png"), true)),
 *     List.of(new ServiceSchema.Field("result", DataType.TEXT, "the digit as JSON", Map.of("format", "json"))),
 *     List.of());
 * }</pre>
 */
public record ServiceSchema(List<Field> inputs, List<Field> outputs, List<Param> params, List<DataItem> example) {

    public static final ServiceSchema EMPTY = new ServiceSchema(List.of(), List.of(), List.of());

    /**
     * @param example inputs of a request the engine answers well (empty: none), shown to users as
     *                the example request ({@code /openapi.json}, so Swagger UI's "Try it out" works
     *                with no typing); keep it small, it is sent to every browser that opens the page
     */
    public ServiceSchema {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = List.copyOf(params);
        example = List.copyOf(example);
    }

    /** Without an example request. */
    public ServiceSchema(List<Field> inputs, List<Field> outputs, List<Param> params) {
        this(inputs, outputs, params, List.of());
    }

    /**
     * A named input or output stream, with its default descriptors (encoding, format, ...). An
     * input marked {@code required} must be in every one-shot request: one without it is
     * refused (10009, naming it) before the engine is called.
     */
    public record Field(String name, DataType type, String description, Map<String, String> descriptors,
                        boolean required) {
        public Field {
            descriptors = Map.copyOf(descriptors);
        }

        /** An optional input, or an output. */
        public Field(String name, DataType type, String description, Map<String, String> descriptors) {
            this(name, type, description, descriptors, false);
        }
    }

    /**
     * A scalar request parameter. {@code type} is a JSON-Schema type name: {@code string},
     * {@code integer}, {@code number} or {@code boolean}; {@code defaultValue} may be null.
     */
    public record Param(String name, String type, String description, String defaultValue, boolean required) {
    }
}
