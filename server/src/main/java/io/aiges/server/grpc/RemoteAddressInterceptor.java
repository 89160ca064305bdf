package io.aiges.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Puts the address (IP, without port) a gRPC call comes from in its context, where the service
 * methods read it with {@link #current()}: the client the per-client limits count a request
 * against when it has no appid. gRPC hands the address only to interceptors.
 */
public final class RemoteAddressInterceptor implements ServerInterceptor {
    private static final Context.Key<String> ADDRESS = Context.key("aiges.remote-address");

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
        return Contexts.interceptCall(Context.current().withValue(ADDRESS, address), call, headers, next);
    }

    /** The address of the call running on this thread, or null outside one. */
    public static String current() {
        return ADDRESS.get();
    }
}
