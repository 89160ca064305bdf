package io.aiges.server.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The connections open over every front-end together (HTTP, WebSocket, gRPC), capped at
 * {@code [aiges] maxConnections}: a connection past the cap is closed at accept, so a client
 * opening sockets without end cannot reach the process's file-descriptor limit (at which
 * {@code /ping}, engines and log files would fail too). Clients already connected keep being
 * served. A refusal is counted and warned about at most once a minute.
 */
public final class OpenConnections {
    private static final Logger log = LoggerFactory.getLogger(OpenConnections.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final int max;
    private final LongSupplier nanoTime;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    /** When the last warning was logged; {@code Long.MIN_VALUE}: never. */
    private final AtomicLong lastWarned = new AtomicLong(Long.MIN_VALUE);

    public OpenConnections(int max) {
        this(max, System::nanoTime);
    }

    OpenConnections(int max, LongSupplier nanoTime) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        this.max = max;
        this.nanoTime = nanoTime;
    }

    /**
     * Counts a new connection in, or refuses it (false: close it now, without a word: the cap
     * protects the process, and anything written costs what the cap is there to save).
     */
    public boolean tryOpen(String frontEnd) {
        while (true) {
            int now = open.get();
            if (now >= max) {
                refused(frontEnd);
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A connection {@link #tryOpen} let in has closed. */
    public void closed() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }

    /** Connections closed at accept since start. */
    public long refused() {
        return refused.get();
    }

    private void refused(String frontEnd) {
        long count = refused.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastWarned.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY_NANOS) && lastWarned.compareAndSet(last, now)) {
            log.warn("{} connections are open, the most [aiges] maxConnections allows: closing new ones at accept"
                    + " ({} {} connection refused, {} in all so far); raise maxConnections or add processes",
                    max, frontEnd, count == 1 ? "a" : "another", count);
        }
    }
}
