package io.aiges.server.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Answers a request message that is not a valid protobuf of its type with INVALID_ARGUMENT. By
 * itself gRPC parses a request before any of our code runs, and a parse failure ends the call
 * with UNKNOWN ("Application error processing RPC") and a SEVERE stack trace in the log, as if
 * the server had a bug: a client's damaged bytes are the client's fault. Here the service gets
 * the raw message stream and the parse happens inside a listener this interceptor guards.
 */
final class UnreadableMessages implements ServerInterceptor {
    private static final UnreadableMessages INSTANCE = new UnreadableMessages();

    private UnreadableMessages() {
    }

    /** {@code service}, with unreadable request messages answered INVALID_ARGUMENT. */
    static ServerServiceDefinition guard(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service), INSTANCE);
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        ServerCall.Listener<ReqT> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(ReqT message) {
                if (refused) {
                    return;
                }
                try {
                    super.onMessage(message);
                } catch (StatusRuntimeException unreadable) {
                    if (unreadable.getStatus().getCode() != Status.Code.INTERNAL) {
                        throw unreadable;
                    }
                    refused = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                            + call.getMethodDescriptor().getFullMethodName() + " message: "
                            + unreadable.getStatus().getDescription()), new Metadata());
                }
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }
}
