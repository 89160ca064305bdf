package io.aiges.api;

import java.util.Map;
import java.util.Optional;

/**
 * Request parameters as the engine sees them: string keys and string values, as the C ABI's
 * {@code ParamList}. Numbers arrive in plain decimal ({@code "0.5"}, {@code "16000"}); the
 * request's {@code sid} is always present under {@code "sid"}.
 */
public record Params(Map<String, String> values) {

    public static final Params EMPTY = new Params(Map.of());

    public Params {
        values = Map.copyOf(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** An integer parameter; {@code fallback} when absent. */
    public int getInt(String key, int fallback) throws WrapperException {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new WrapperException(ErrorCodes.INVALID_PARAM_VALUE,
                    "parameter '" + key + "' must be an integer, got '" + ClientText.cut(v) + "'");
        }
    }
}
