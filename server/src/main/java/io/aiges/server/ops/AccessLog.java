package io.aiges.server.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiges.server.auth.Caller;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One line per request on the logger {@code aiges.access}, in key=value form that log tools
 * parse without a grammar: {@code sid=… service=svcName frontend=http code=0 in=5187B out=284B ms=12}.
 * Route or silence it with that logger's level.
 *
 * <p>The threads answering requests only drop a small record into a lock-free queue; one
 * thread writes the lines every {@value #DRAIN_MS} ms. Logging each line where it happens (even
 * through Logback's async appender, which wakes its writer for every line) cost about a quarter of
 * the throughput of a no-op engine. Beyond {@value #MAX_PENDING} lines waiting, lines are
 * dropped and counted rather than requests slowed.
 */
public final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("aiges.access");
    static final long DRAIN_MS = 20;
    static final int MAX_PENDING = 65_536;

    /** {@code client} is the caller's proven name, or "" when it has none (the line then has no client field). */
    private record Line(String sid, String service, String frontEnd, String code, long inBytes, long outBytes,
                        int frames, long ms, boolean session, String client) {
    }

    private static final Queue<Line> PENDING = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger SIZE = new AtomicInteger();
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final Object WRITING = new Object();

    static {
        Thread.ofPlatform().name("aiges-access-log").daemon(true).start(AccessLog::drainForever);
    }

    private AccessLog() {
    }

    public static void request(String sid, String service, String frontEnd, int code, long inBytes, long outBytes,
                               Duration total, Caller caller) {
        if (log.isInfoEnabled()) {
            offer(new Line(sid, service, frontEnd, Integer.toString(code), inBytes, outBytes, 0, total.toMillis(), false,
                    clientOf(caller)));
        }
    }

    /** One line per streaming session, when it ends: {@code code} is an AIGES code or "closed". */
    public static void session(String sid, String service, String frontEnd, String code, int frames, Duration length,
                               Caller caller) {
        if (log.isInfoEnabled()) {
            offer(new Line(sid, service, frontEnd, code, 0, 0, frames, length.toMillis(), true, clientOf(caller)));
        }
    }

    private static String clientOf(Caller caller) {
        return caller.isNamed() ? " client=" + caller.name() : "";
    }

    /** Writes every line still waiting: before the process ends, and in tests. */
    public static void flush() {
        drain();
    }

    private static void offer(Line line) {
        if (SIZE.incrementAndGet() > MAX_PENDING) {
            SIZE.decrementAndGet();
            DROPPED.incrementAndGet();
            return;
        }
        PENDING.add(line);
    }

    private static void drainForever() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DRAIN_MS));
            try {
                drain();
            } catch (RuntimeException e) {
                // A broken appender must not end access logging for the life of the process.
                log.warn("access log: {}", e.toString());
            }
        }
    }

    private static void drain() {
        synchronized (WRITING) {
            long dropped = DROPPED.getAndSet(0);
            if (dropped > 0) {
                log.warn("access log: {} lines dropped (more than {} waiting)", dropped, MAX_PENDING);
            }
            for (Line line; (line = PENDING.poll()) != null; ) {
                SIZE.decrementAndGet();
                if (line.session()) {
                    log.info("sid={} service={} frontend={}{} session code={} frames={} ms={}", line.sid(), line.service(),
                            line.frontEnd(), line.client(), line.code(), line.frames(), line.ms());
                } else {
                    log.info("sid={} service={} frontend={}{} code={} in={}B out={}B ms={}", line.sid(), line.service(),
                            line.frontEnd(), line.client(), line.code(), line.inBytes(), line.outBytes(), line.ms());
                }
            }
        }
    }
}
