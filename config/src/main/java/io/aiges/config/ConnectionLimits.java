package io.aiges.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What one client connection may hold of the process, over HTTP, WebSocket and gRPC together:
 * what keeps a careless or hostile client from exhausting file descriptors or memory, or from
 * holding a connection by trickling bytes.
 *
 * @param maxConnections connections open at once ({@code [aiges] maxConnections}); past it new
 *                       ones are closed at accept, so the file-descriptor limit is never reached
 * @param readTimeout    a request's head and body must arrive within this ({@code [aiges]
 *                       bodyTimeout} ms), else 408 and the connection closes; a client trickling
 *                       a byte a second never trips the idle timeout
 * @param maxQueuedBytes answers queued for a client that does not read them ({@code [ws]
 *                       maxQueuedBytes}): a connection that sends more (pings, pipelined
 *                       requests, frames) while more than this waits unread is closed
 * @param bodyBudget     bytes of request bodies and WebSocket messages held at once over all
 *                       connections together ({@code [aiges] bodyBudget}); one that does not fit
 *                       gets 10110 (retry later)
 */
public record ConnectionLimits(int maxConnections, Duration readTimeout, long maxQueuedBytes, long bodyBudget) {
    /** The most connections allowed by default, however high the descriptor limit. */
    public static final int MAX_DEFAULT_CONNECTIONS = 10_000;
    /** Descriptors kept free at least for engines, workers, logs, Redis and the JVM's own files. */
    public static final int MIN_RESERVED_FDS = 256;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
    /** The most the body budget is by default, however large the heap. */
    public static final long MAX_DEFAULT_BODY_BUDGET = 512L * 1024 * 1024;

    /** The defaults, sized to this process's descriptor limit and heap. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(defaultMaxConnections(),
            DEFAULT_READ_TIMEOUT, DEFAULT_MAX_QUEUED_BYTES, defaultBodyBudget());

    public ConnectionLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
        if (readTimeout == null || !readTimeout.isPositive()) {
            throw new IllegalArgumentException("readTimeout must be positive, got " + readTimeout);
        }
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive, got " + maxQueuedBytes);
        }
        if (bodyBudget < 1) {
            throw new IllegalArgumentException("bodyBudget must be positive, got " + bodyBudget);
        }
    }

    /** With the default body budget. */
    public ConnectionLimits(int maxConnections, Duration readTimeout, long maxQueuedBytes) {
        this(maxConnections, readTimeout, maxQueuedBytes, defaultBodyBudget());
    }

    /** A quarter of the heap, at most {@value #MAX_DEFAULT_BODY_BUDGET} bytes. */
    public static long defaultBodyBudget() {
        return Math.min(MAX_DEFAULT_BODY_BUDGET, Math.max(1, Runtime.getRuntime().maxMemory() / 4));
    }

    /**
     * The descriptor limit minus a reserve (an eighth of it, at least {@value #MIN_RESERVED_FDS}),
     * at most {@value #MAX_DEFAULT_CONNECTIONS}; {@value #MAX_DEFAULT_CONNECTIONS} where the limit
     * cannot be read.
     */
    public static int defaultMaxConnections() {
        return forDescriptorLimit(descriptorLimit());
    }

    /** {@link #defaultMaxConnections()} for a given descriptor limit (at least 1). */
    public static int forDescriptorLimit(long limit) {
        if (limit <= 0) {
            return MAX_DEFAULT_CONNECTIONS;
        }
        long reserve = Math.max(MIN_RESERVED_FDS, limit / 8);
        return (int) Math.max(1, Math.min(MAX_DEFAULT_CONNECTIONS, limit - reserve));
    }

    /** The process's open-file limit (the JVM raises the soft limit to the hard one on Linux), or -1. */
    public static long descriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    public ConnectionLimits withMaxConnections(int max) {
        return new ConnectionLimits(max, readTimeout, maxQueuedBytes, bodyBudget);
    }

    public ConnectionLimits withBodyBudget(long bytes) {
        return new ConnectionLimits(maxConnections, readTimeout, maxQueuedBytes, bytes);
    }
}
