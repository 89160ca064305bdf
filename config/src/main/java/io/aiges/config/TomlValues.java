package io.aiges.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * TOML values as the strings engines receive and as messages quote them.
 *
 * <p>Engines get every {@code [wrapper]} value as a string, as the original's {@code wrapperInit}
 * config list did. Numbers are written in plain decimal ({@code 0.5}, {@code 1e3} becomes
 * {@code 1000}), never with an exponent or in Go's {@code 'b'} format the original used for
 * some numbers (spec section 8, bug 3).
 */
final class TomlValues {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private TomlValues() {
    }

    /** The value as the engine sees it: strings as they are, numbers in plain decimal, arrays and tables as JSON. */
    static String plain(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return plainNumber(value);
        }
        if (value.isContainerNode()) {
            try {
                return JSON.writeValueAsString(normalised(value));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return value.asText();
    }

    /** The value as a message quotes it after "got": {@code "abc"}, {@code 0}, {@code true}, {@code a table}. */
    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return JSON.getNodeFactory().textNode(value.textValue()).toString();
        }
        if (value.isObject()) {
            return "a table";
        }
        if (value.isArray()) {
            return "an array";
        }
        return plain(value);
    }

    private static String plainNumber(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.bigIntegerValue().toString();
        }
        double d = number.doubleValue();
        if (number.isDouble() && !Double.isFinite(d)) {
            // TOML's inf and nan, spelt as Go's strconv.FormatFloat spells them.
            return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }
        BigDecimal decimal = number.isBigDecimal() ? number.decimalValue() : BigDecimal.valueOf(d);
        return decimal.stripTrailingZeros().toPlainString();
    }

    /** A copy whose numbers are plain decimals (and non-finite floats strings), so JSON has no exponents. */
    private static JsonNode normalised(JsonNode value) {
        JsonNodeFactory nodes = JSON.getNodeFactory();
        if (value.isObject()) {
            ObjectNode copy = nodes.objectNode();
            value.properties().forEach(e -> copy.set(e.getKey(), normalised(e.getValue())));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = nodes.arrayNode();
            value.forEach(item -> copy.add(normalised(item)));
            return copy;
        }
        if (value.isNumber() && !value.isIntegralNumber()) {
            String plain = plainNumber(value);
            return plain.endsWith("Inf") || plain.equals("NaN") ? nodes.textNode(plain) : nodes.numberNode(new BigDecimal(plain));
        }
        return value;
    }
}
