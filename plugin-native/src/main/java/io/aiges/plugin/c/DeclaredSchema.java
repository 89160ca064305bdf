package io.aiges.plugin.c;

import io.aiges.api.DataType;
import io.aiges.api.EngineSpec;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inputs, outputs and parameters of a C engine, declared in {@code aiges.toml} (the C ABI
 * declares none), for {@code /openapi.json} and the request checks:
 *
 * <pre>{@code
 * [engine.inputs.text]          # an input field "text"
 * type = "text"                 # text, audio, image, video or other (default text)
 * description = "what to echo"
 * encoding = "utf8"             # any other key: a default descriptor
 *
 * [engine.outputs.result]
 * type = "text"
 * format = "json"
 *
 * [engine.params.lang]          # a request parameter
 * type = "string"               # string, integer, number or boolean (default string)
 * required = true
 * default = "en"
 * description = "language"
 * }</pre>
 *
 * {@code [engine.inputs] text = "audio"} is short for a field with only a type. The loader
 * passes these as options {@code inputs.text.type = "text"} and so on. Fields are listed by name.
 */
public final class DeclaredSchema {
    private static final String INPUTS = "inputs";
    private static final String OUTPUTS = "outputs";
    private static final String PARAMS = "params";
    private static final Set<String> PARAM_TYPES = Set.of("string", "integer", "number", "boolean");
    /** The original's WrapperInitErr: the engine is not usable as configured. */
    private static final int INIT_FAILED = 10901;

    private DeclaredSchema() {
    }

    /** The schema the spec's options declare; {@link ServiceSchema#EMPTY} when none; 10901 for a mistake. */
    public static ServiceSchema of(EngineSpec spec) throws WrapperException {
        Map<String, Map<String, String>> inputs = group(spec.options(), INPUTS);
        Map<String, Map<String, String>> outputs = group(spec.options(), OUTPUTS);
        Map<String, Map<String, String>> params = group(spec.options(), PARAMS);
        if (inputs.isEmpty() && outputs.isEmpty() && params.isEmpty()) {
            return ServiceSchema.EMPTY;
        }
        List<ServiceSchema.Param> declaredParams = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> param : params.entrySet()) {
            declaredParams.add(param(param.getKey(), param.getValue()));
        }
        return new ServiceSchema(fields(INPUTS, inputs), fields(OUTPUTS, outputs), declaredParams);
    }

    /** {@code <kind>.<name>.<key> = value} options as name → key → value, names sorted. */
    private static Map<String, Map<String, String>> group(Map<String, String> options, String kind)
            throws WrapperException {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            if (key.equals(kind)) {
                throw problem(kind, "expected tables [engine." + kind + ".NAME], got a value");
            }
            if (!key.startsWith(kind + ".")) {
                continue;
            }
            String rest = key.substring(kind.length() + 1);
            int dot = rest.lastIndexOf('.');
            if (dot < 0) {
                // [engine.inputs] text = "audio": a field with only its type.
                byName.computeIfAbsent(rest, n -> new HashMap<>()).put("type", option.getValue());
            } else {
                byName.computeIfAbsent(rest.substring(0, dot), n -> new HashMap<>())
                        .put(rest.substring(dot + 1), option.getValue());
            }
        }
        return byName;
    }

    private static List<ServiceSchema.Field> fields(String kind, Map<String, Map<String, String>> declared)
            throws WrapperException {
        List<ServiceSchema.Field> fields = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> field : declared.entrySet()) {
            Map<String, String> keys = new HashMap<>(field.getValue());
            String typeName = keys.remove("type");
            DataType type = typeName == null ? DataType.TEXT : DataType.ofField(typeName.toLowerCase(Locale.ROOT));
            if (type == null) {
                throw problem(kind + "." + field.getKey(), "type: expected text, audio, image, video or other, got \""
                        + typeName + "\"");
            }
            String description = keys.remove("description");
            fields.add(new ServiceSchema.Field(field.getKey(), type, description == null ? "" : description, keys));
        }
        return fields;
    }

    private static ServiceSchema.Param param(String name, Map<String, String> keys) throws WrapperException {
        String type = keys.getOrDefault("type", "string").toLowerCase(Locale.ROOT);
        if (!PARAM_TYPES.contains(type)) {
            throw problem(PARAMS + "." + name, "type: expected string, integer, number or boolean, got \""
                    + keys.get("type") + "\"");
        }
        String required = keys.getOrDefault("required", "false");
        if (!required.equals("true") && !required.equals("false")) {
            throw problem(PARAMS + "." + name, "required: expected true or false, got \"" + required + "\"");
        }
        for (String key : keys.keySet()) {
            if (!Set.of("type", "required", "default", "description").contains(key)) {
                throw problem(PARAMS + "." + name, key + ": unknown key (type, required, default, description)");
            }
        }
        return new ServiceSchema.Param(name, type, keys.getOrDefault("description", ""), keys.get("default"),
                Boolean.parseBoolean(required));
    }

    private static WrapperException problem(String table, String message) {
        return new WrapperException(INIT_FAILED, "[engine." + table + "] " + message);
    }
}
