package io.aiges.engine.service;

import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * How an engine's own failure is reported: its input complaints keep their code (the caller
 * gets a 4xx), a crash reported by an engine form keeps 10109; anything else becomes the framework code of the call that failed (10909 for
 * exec, 10907 for write, ...) with the engine's code appended as {@code ;code=N}, as the
 * original does.
 */
public final class WrapperErrors {
    private static final Logger log = LoggerFactory.getLogger(WrapperErrors.class);
    private static final Pattern ENDS_WITH_CODE = Pattern.compile(";code=-?\\d+$");

    private WrapperErrors() {
    }

    public static AigesException of(WrapperException e, AigesError call) {
        AigesError error = switch (e.code()) {
            case ErrorCodes.INVALID_DATA -> AigesError.INVALID_DATA;
            case ErrorCodes.INVALID_PARAM -> AigesError.INVALID_PARAM;
            case ErrorCodes.INVALID_PARAM_VALUE -> AigesError.INVALID_PARAM_VALUE;
            case ErrorCodes.INVALID_OP -> AigesError.INVALID_OP;
            case ErrorCodes.CRASH -> AigesError.CRASH;
            default -> null;
        };
        if (error != null) {
            return new AigesException(error, e.getMessage(), e);
        }
        return new AigesException(call, withCode(e.getMessage(), e.code()), e);
    }

    /**
     * {@code message;code=N}, the original's way of carrying an engine's own code in a framework
     * error; unless the message already ends with one: a form that classified a failure itself
     * (10901 for a failed wrapperInit) put the engine's code there, and a second would read
     * {@code inner error;code=-1;code=10901}.
     */
    public static String withCode(String message, int code) {
        return ENDS_WITH_CODE.matcher(message).find() ? message : message + ";code=" + code;
    }

    /**
     * A bug in the engine (an unchecked exception) reported under the call's code; its stack goes
     * to the log, not to the client, whose input may be in its text.
     */
    public static AigesException ofBug(Throwable t, AigesError call) {
        log.error("the engine failed unexpectedly ({})", call.code(), t);
        return new AigesException(call, "engine failed unexpectedly (details in the server log)", t);
    }
}
