package io.aiges.server.grpc;

import io.aiges.server.net.OpenConnections;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;

import java.util.List;

/**
 * gRPC's listening socket, counting its connections into the server's {@link OpenConnections}:
 * a connection accepted past {@code [aiges] maxConnections} is closed before gRPC sees it (no
 * HTTP/2 handshake, no buffers), so HTTP, WebSocket and gRPC share one cap.
 */
final class CappedServerChannel extends NioServerSocketChannel {
    private final OpenConnections connections;

    CappedServerChannel(OpenConnections connections) {
        this.connections = connections;
    }

    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
        int before = accepted.size();
        int read = super.doReadMessages(accepted);
        for (int i = accepted.size() - 1; i >= before; i--) {
            Channel child = (Channel) accepted.get(i);
            if (connections.tryOpen("grpc")) {
                child.closeFuture().addListener(closed -> connections.closed());
            } else {
                accepted.remove(i);
                read--;
                child.unsafe().closeForcibly();
            }
        }
        return read;
    }
}
