package io.aiges.server.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * One line per request on the logger {@code aiges.access}, in key=value form that log tools
 * parse without a grammar: {@code sid=… service=svcName frontend=http code=0 in=5187B out=284B ms=12}.
 * Route or silence it with that logger's level.
 */
public final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("aiges.access");

    private AccessLog() {
    }

    public static void request(String sid, String service, String frontEnd, int code, long inBytes, long outBytes,
                               Duration total) {
        if (log.isInfoEnabled()) {
            log.info("sid={} service={} frontend={} code={} in={}B out={}B ms={}", sid, service, frontEnd, code,
                    inBytes, outBytes, total.toMillis());
        }
    }

    /** One line per streaming session, when it ends: {@code code} is an AIGES code or "closed". */
    public static void session(String sid, String service, String frontEnd, String code, int frames, Duration length) {
        if (log.isInfoEnabled()) {
            log.info("sid={} service={} frontend={} session code={} frames={} ms={}", sid, service, frontEnd, code,
                    frames, length.toMillis());
        }
    }
}
