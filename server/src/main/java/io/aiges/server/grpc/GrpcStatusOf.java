package io.aiges.server.grpc;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * How an AIGES error ends a gRPC call: the status says whose fault it is (as the HTTP status does
 * for HTTP), the trailers carry the AIGES code and the request id, the description the message.
 * Clients that switch from the original keep their code tables by reading {@code aiges-code}.
 */
public final class GrpcStatusOf {
    static final Metadata.Key<String> AIGES_CODE = Metadata.Key.of("aiges-code", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AIGES_SID = Metadata.Key.of("aiges-sid", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcStatusOf() {
    }

    private static Status.Code of(AigesError error) {
        return switch (error.kind()) {
            // An error carrying "success" is a bug of ours, not a success to report.
            case OK -> Status.Code.UNKNOWN;
            case CLIENT -> Status.Code.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case BUSY -> Status.Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
            case SERVER -> Status.Code.INTERNAL;
        };
    }

    public static StatusRuntimeException exception(AigesException error, String sid) {
        return exception(error, sid, of(error.error()));
    }

    /**
     * With the status the caller picks, for a refusal the error's kind does not tell apart (as
     * HTTP answers some with 403 rather than the kind's status); the trailers are as above.
     */
    public static StatusRuntimeException exception(AigesException error, String sid, Status.Code status) {
        Metadata trailers = new Metadata();
        trailers.put(AIGES_CODE, Integer.toString(error.code()));
        trailers.put(AIGES_SID, sid);
        return Status.fromCode(status).withDescription(error.getMessage()).asRuntimeException(trailers);
    }
}
