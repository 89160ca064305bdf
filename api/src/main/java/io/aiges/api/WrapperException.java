package io.aiges.api;

/**
 * An engine's failure, with a code. Use the codes in {@link ErrorCodes} for mistakes in the
 * caller's input (they become HTTP 4xx); any other code is the engine's own and is reported as
 * an engine failure with the code appended ({@code ;code=N}), as the original loader does.
 */
public class WrapperException extends Exception {
    private final int code;

    public WrapperException(int code, String message) {
        super(message);
        this.code = code;
    }

    public WrapperException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static WrapperException unsupported(String what) {
        return new WrapperException(ErrorCodes.INVALID_OP, what + " is not supported by this engine");
    }
}
