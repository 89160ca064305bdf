package io.aiges.engine.service;

import io.aiges.api.ClientText;
import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.ClientNumbers;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks a request's parameters against what the engine declares, before an instance is taken:
 * a required parameter that is missing is 10106, a value that is not of the declared type
 * ({@code integer}, {@code number}, {@code boolean}) is 10107, as is a number beyond
 * {@link ClientNumbers}' bound (an engine would parse {@code 1e999999999} into infinity, or
 * spend seconds on it). Parameters the engine does not
 * declare pass through: engines read more than they document.
 */
final class RequestCheck {
    private RequestCheck() {
    }

    /**
     * Every input the engine declares as required must be in a one-shot request: a missing one
     * is 10009 naming it, before an instance is taken, instead of whatever the engine makes of
     * its absence (a Python wrapper's AttributeError, a 500). Other inputs pass through.
     * Sessions send their inputs over many frames, so they are not checked here.
     */
    static void inputs(List<DataItem> inputs, ServiceSchema schema) {
        for (ServiceSchema.Field declared : schema.inputs()) {
            if (declared.required() && inputs.stream().noneMatch(item -> item.key().equals(declared.name()))) {
                throw AigesError.INVALID_DATA.exception("input '" + declared.name() + "' is required"
                        + (declared.description() == null || declared.description().isBlank()
                        ? "" : " (" + declared.description() + ")") + "; the request has "
                        + (inputs.isEmpty() ? "none" : inputs.stream().map(item -> "'" + ClientText.cut(item.key()) + "'")
                        .limit(8).collect(Collectors.joining(", "))));
            }
        }
    }

    static void params(Params params, ServiceSchema schema) {
        for (ServiceSchema.Param declared : schema.params()) {
            String value = params.values().get(declared.name());
            if (value == null) {
                if (declared.required()) {
                    throw AigesError.INVALID_PARAM.exception("parameter '" + declared.name() + "' is required"
                            + (declared.description() == null || declared.description().isBlank()
                            ? "" : " (" + declared.description() + ")"));
                }
                continue;
            }
            if (!fits(value.trim(), declared.type())) {
                throw new AigesException(AigesError.INVALID_PARAM_VALUE, "parameter '" + declared.name() + "' must be "
                        + article(declared.type()) + ", got '" + ClientText.cut(value) + "'");
            }
        }
    }

    private static boolean fits(String value, String type) {
        String t = type == null ? "string" : type.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "integer" -> {
                BigDecimal number = ClientNumbers.parse(value);
                yield number != null && number.stripTrailingZeros().scale() <= 0;
            }
            case "number" -> ClientNumbers.parse(value) != null;
            case "boolean" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            default -> true;
        };
    }

    private static String article(String type) {
        return type.equals("integer") ? "an integer" : "a " + type;
    }
}
