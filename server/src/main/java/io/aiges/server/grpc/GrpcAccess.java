package io.aiges.server.grpc;

import io.aiges.engine.AigesError;
import io.aiges.server.Sids;
import io.aiges.server.auth.Authenticator;
import io.aiges.server.auth.Caller;
import io.aiges.server.auth.Credentials;
import io.aiges.server.auth.PublicEndpoints;
import io.aiges.server.auth.Verdict;
import io.aiges.server.ops.Metrics;
import io.aiges.server.tls.ClientCertificates;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Access control for every gRPC call, of both services ({@code aiges.v1.Aiges} and the Open
 * Inference Protocol's): the key in metadata {@code authorization: Bearer KEY} or
 * {@code x-api-key}, or for {@code hmac} a signature in {@code authorization} over {@code date}
 * and the call's authority as host and {@code POST /package.Service/Method} as request line.
 * Refused calls end with {@code UNAUTHENTICATED} (trailer {@code aiges-code: 10401}) before any
 * message is read; admitted ones carry their caller in the context, read with {@link #current()}.
 */
public final class GrpcAccess implements ServerInterceptor {
    private static final Context.Key<Caller> CALLER = Context.key("aiges.caller");
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> DATE = Metadata.Key.of("date", Metadata.ASCII_STRING_MARSHALLER);
    private static final String FRONT_END = "grpc";

    private final Authenticator authenticator;
    private final PublicEndpoints open;
    private final Metrics metrics;

    public GrpcAccess(Authenticator authenticator, Metrics metrics) {
        this.authenticator = authenticator;
        this.open = new PublicEndpoints(authenticator.config().openMetrics());
        this.metrics = metrics;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Verdict verdict = authenticator.enabled() && open.isPublicCall(method)
                ? new Verdict.Allowed(Caller.ANONYMOUS)
                : authenticator.check(new Credentials(headers.get(AUTHORIZATION), headers.get(API_KEY),
                call.getAuthority(), headers.get(DATE), "POST", "/" + method,
                ClientCertificates.name(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))));
        if (verdict instanceof Verdict.Refused refused) {
            metrics.authRefused(FRONT_END);
            StatusRuntimeException error = GrpcStatusOf.exception(
                    AigesError.UNAUTHENTICATED.exception(refused.reason()), Sids.next(), Status.Code.UNAUTHENTICATED);
            call.close(error.getStatus(), error.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        Caller caller = ((Verdict.Allowed) verdict).caller();
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    /** Who the call running on this thread comes from ({@link Caller#ANONYMOUS} outside one). */
    public static Caller current() {
        Caller caller = CALLER.get();
        return caller == null ? Caller.ANONYMOUS : caller;
    }
}
