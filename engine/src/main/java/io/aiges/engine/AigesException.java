package io.aiges.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * A failure with its AIGES code: what the engine core hands back to a front-end instead of a
 * result. Unchecked so it can complete a {@link java.util.concurrent.CompletableFuture}; front-ends
 * unwrap it and answer with {@link #code()} and {@link #getMessage()}.
 */
public final class AigesException extends RuntimeException {
    private static final Logger log = LoggerFactory.getLogger(AigesException.class);
    private final AigesError error;

    public AigesException(AigesError error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error);
    }

    public AigesException(AigesError error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = Objects.requireNonNull(error);
    }

    public AigesError error() {
        return error;
    }

    public int code() {
        return error.code();
    }

    /**
     * The AigesException inside a future's completion exception, or a 10909 for anything else: a
     * bug, whose stack goes to the log and whose text stays out of the answer (it named exception
     * classes, and echoed what the client had sent).
     */
    public static AigesException unwrap(Throwable t) {
        Throwable cur = t;
        while (cur != null) {
            if (cur instanceof AigesException a) {
                return a;
            }
            cur = cur.getCause();
        }
        log.error("an unexpected failure answered as 10909 \"internal error\"", t);
        return new AigesException(AigesError.WRAPPER_EXEC, "internal error (details in the server log)", t);
    }
}
