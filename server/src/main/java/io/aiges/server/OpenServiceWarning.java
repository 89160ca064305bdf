package io.aiges.server;

import io.aiges.config.AigesConfig;
import io.aiges.server.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One warning at start-up when a service anyone on the network can call is what the
 * configuration asks for: no {@code [auth]}, and a listener on an address other machines reach.
 * Said once, plainly, because the original's files listen on {@code 0.0.0.0} and users switching
 * may not know that nothing stands between the port and their engine.
 */
final class OpenServiceWarning {
    private static final Logger log = LoggerFactory.getLogger(OpenServiceWarning.class);

    private OpenServiceWarning() {
    }

    static void check(AigesConfig config, Authenticator authenticator) {
        if (authenticator.enabled()) {
            return;
        }
        List<String> open = new ArrayList<>();
        if (!isLoopback(config.http().host())) {
            open.add("HTTP on " + config.http().host());
        }
        if (config.grpc().enabled() && !isLoopback(config.grpc().host())) {
            open.add("gRPC on " + config.grpc().host());
        }
        if (!open.isEmpty()) {
            log.warn("this service is open: {} can be reached from other machines and [auth] mode is \"none\","
                    + " so anyone who reaches it can call the engine; set [auth] mode = \"apikey\" (docs/security.md)"
                    + " or listen on 127.0.0.1", String.join(" and ", open));
        }
    }

    /** Whether {@code host} is only reachable from this machine; a name is looked up. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
