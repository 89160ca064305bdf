package io.aiges.engine;

/**
 * Every AIGES error code aiges reports, with the numbers of the original loader
 * ({@code frame/error.go} and its HTTP/WebSocket front-ends) so clients that switch keep working.
 * The {@link Kind} says whose fault it is; front-ends turn that into their status (HTTP 4xx/5xx,
 * gRPC status) without knowing individual codes.
 */
public enum AigesError {
    SUCCESS(0, Kind.OK, "success"),

    // Front-end (HTTP) codes of the original.
    BAD_JSON(10000, Kind.CLIENT, "request is not valid JSON"),
    PAYLOAD_CONVERSION(10001, Kind.CLIENT, "payload could not be converted"),

    INVALID_OP(10003, Kind.CLIENT, "invalid service operation"),
    INVALID_SESS_MODE(10004, Kind.CLIENT, "invalid session mode"),
    INVALID_HANDLE(10008, Kind.CLIENT, "service instance invalid"),
    INVALID_DATA(10009, Kind.CLIENT, "input data invalid"),
    SESS_TIMEOUT(10019, Kind.TIMEOUT, "session timeout"),
    /** A streaming client that does not read the results sent to it (the original's buffer-full code). */
    CLIENT_NOT_READING(10100, Kind.CLIENT, "results buffer full: the client does not read"),
    ENG_INACTIVE(10101, Kind.CLIENT, "instance inactive, already released"),
    ONCE_TIMEOUT(10102, Kind.TIMEOUT, "service exec once request timeout"),
    SESS_REPEAT(10105, Kind.CLIENT, "duplicate session"),
    INVALID_PARAM(10106, Kind.CLIENT, "invalid parameter"),
    INVALID_OUTPUT(10106, Kind.SERVER, "wrapper output data invalid"),
    /**
     * The engine's outputs are not what the request declared it wants (a name or type under
     * {@code parameter}): the original's 10106, but the request asked for what the service does
     * not return, so it is the client's to change (HTTP 400, not 500).
     */
    OUTPUT_NOT_AS_DECLARED(10106, Kind.CLIENT, "wrapper output data invalid"),
    INVALID_PARAM_VALUE(10107, Kind.CLIENT, "invalid parameter value"),
    CRASH(10109, Kind.SERVER, "engine crashed"),
    LIC_NOT_ENOUGH(10110, Kind.BUSY, "service license not enough"),
    /** One client over its own share ({@code [fc] maxSessionsPerClient}, {@code maxRequestsPerClient}): retry later. */
    CLIENT_LIMITED(10110, Kind.BUSY, "client over its limit"),
    /** Draining for shutdown: the original's retry-elsewhere code, but "unavailable", not "busy". */
    SHUTTING_DOWN(10110, Kind.UNAVAILABLE, "service is shutting down"),
    SERVICE_NOT_FOUND(10404, Kind.NOT_FOUND, "service not found"),
    /**
     * The request has no key, or one that is not accepted ({@code [auth]}; aiges's own code, after
     * HTTP's 401, as 10404 follows 404). The original left this to iFlytek's gateway.
     */
    UNAUTHENTICATED(10401, Kind.UNAUTHENTICATED, "authentication failed"),
    /** The WebSocket front-end's code for a frame or session that waited too long. */
    READ_TIMEOUT(10114, Kind.TIMEOUT, "session timeout"),

    // Async jobs (aiges's own; the original delivered async results through RabbitMQ instead).
    JOB_NOT_FOUND(10404, Kind.NOT_FOUND, "job not found"),
    /** Too many jobs waiting: the same retry-later code as a busy licence. */
    JOB_QUEUE_FULL(10110, Kind.BUSY, "job queue full"),
    /** The shared job store (Redis) cannot be reached: retry, maybe on another instance. */
    JOB_STORE_UNAVAILABLE(10110, Kind.UNAVAILABLE, "job store unavailable"),

    WRAPPER_INIT(10901, Kind.SERVER, "wrapper init failed"),
    WRAPPER_FINI(10902, Kind.SERVER, "wrapper fini failed"),
    WRAPPER_LOAD(10903, Kind.SERVER, "wrapper load failed"),
    WRAPPER_UNLOAD(10904, Kind.SERVER, "wrapper unload failed"),
    WRAPPER_CREATE(10905, Kind.SERVER, "wrapper create failed"),
    WRAPPER_DESTROY(10906, Kind.SERVER, "wrapper destroy failed"),
    WRAPPER_WRITE(10907, Kind.SERVER, "wrapper write failed"),
    WRAPPER_READ(10908, Kind.SERVER, "wrapper read failed"),
    WRAPPER_EXEC(10909, Kind.SERVER, "wrapper exec failed"),
    WRAPPER_ASYNC(10910, Kind.SERVER, "wrapper async callback failed");

    /** Whose fault an error is; front-ends map this to their own status codes. */
    public enum Kind {
        OK, CLIENT, UNAUTHENTICATED, NOT_FOUND, BUSY, UNAVAILABLE, TIMEOUT, SERVER
    }

    private final int code;
    private final Kind kind;
    private final String message;

    AigesError(int code, Kind kind, String message) {
        this.code = code;
        this.kind = kind;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** The original's message text for this code. */
    public String message() {
        return message;
    }

    /** An exception carrying this code and a message that says what to do about it. */
    public AigesException exception(String detail) {
        return new AigesException(this, detail);
    }
}
