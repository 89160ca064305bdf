package io.aiges.api;

/**
 * The AIGES codes an engine most often raises itself, so it needs no dependency on the engine
 * core. Any other int is allowed in a {@link WrapperException}; the core reports it as the
 * original does ({@code 10909 ...;code=N}).
 */
public final class ErrorCodes {
    /** Input missing, empty or not decodable (for example an image that does not decode). */
    public static final int INVALID_DATA = 10009;
    /** A parameter or input the engine does not accept. */
    public static final int INVALID_PARAM = 10106;
    /** A parameter with a value out of range or of the wrong form. */
    public static final int INVALID_PARAM_VALUE = 10107;
    /** The engine cannot do what was asked (a call mode it does not implement). */
    public static final int INVALID_OP = 10003;
    /**
     * The engine's process died under the call (an engine form running engines out of process
     * reports this; the call fails, the service goes on).
     */
    public static final int CRASH = 10109;

    private ErrorCodes() {
    }
}
