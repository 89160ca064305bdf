package io.aiges.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** One {@code [table]} of a {@link TomlDocument}, read key by key with typed checks that name the line. */
final class TomlSection {

    private final TomlDocument document;
    private final String name;
    private final ObjectNode node;

    TomlSection(TomlDocument document, String name, ObjectNode node) {
        this.document = document;
        this.name = name;
        this.node = node;
    }

    String name() {
        return name;
    }

    ObjectNode node() {
        return node;
    }

    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    Optional<JsonNode> get(String key) {
        return Optional.ofNullable(node.get(key));
    }

    /** The string at {@code key}, empty when absent; a problem when it is not a string. */
    Optional<String> string(String key) throws ConfigException {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw problem(key, "expected a string, got " + TomlValues.describe(value));
        }
        return Optional.of(value.textValue());
    }

    /** The integer at {@code key} within {@code min..max}, or {@code fallback} when absent. */
    long integer(String key, long min, long max, long fallback) throws ConfigException {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        String expected = max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                ? "an integer >= " + min
                : "an integer from " + min + " to " + max;
        if (!value.isIntegralNumber()) {
            String hint = value.isTextual() && value.textValue().strip().matches("[+-]?\\d+")
                    ? " (a string: write " + key + " = " + value.textValue().strip() + ", without quotes)"
                    : "";
            throw problem(key, "expected " + expected + ", got " + TomlValues.describe(value) + hint);
        }
        BigInteger number = value.bigIntegerValue();
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            String range = number.compareTo(BigInteger.valueOf(max)) > 0 ? "an integer from " + min + " to " + max : expected;
            throw problem(key, "expected " + range + ", got " + number);
        }
        return number.longValueExact();
    }

    /** The boolean at {@code key}, or {@code fallback} when absent; a problem when it is not a boolean. */
    boolean bool(String key, boolean fallback) throws ConfigException {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw problem(key, "expected true or false, got " + TomlValues.describe(value));
        }
        return value.booleanValue();
    }

    ConfigException problem(String key, String problem) {
        return document.problem(name, key, problem);
    }

    /** A warning line about {@code key}, placed like a problem: {@code name:line: [section] key: message}. */
    String warning(String key, String message) {
        return document.problem(name, key, message).getMessage();
    }
}
