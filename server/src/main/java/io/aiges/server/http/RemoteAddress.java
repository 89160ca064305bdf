package io.aiges.server.http;

import io.vertx.core.net.SocketAddress;

/** The address a connection comes from, as the per-client limits name a client without an appid. */
public final class RemoteAddress {
    private RemoteAddress() {
    }

    /**
     * The IP, without port, or null when the connection has none (the limits then say "address
     * unknown"). A proxy in front of aiges makes every client its address: give each an appid.
     */
    public static String of(SocketAddress remote) {
        return remote == null ? null : remote.hostAddress();
    }
}
