package io.aiges.server.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies and WebSocket messages held in memory at once, over every
 * connection together ({@code [aiges] bodyBudget}). {@code maxBodySize} bounds one request; this
 * bounds them all: three hundred clients each sending a body just under the limit would
 * otherwise need three hundred times its size of heap. A body is counted from its first byte
 * until its answer is sent (or its client goes away); one that does not fit is refused with
 * 10110 (retry later) before it is read.
 */
public final class BodyBudget {
    private final long max;
    private final AtomicLong held = new AtomicLong();

    public BodyBudget(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        this.max = max;
    }

    public long max() {
        return max;
    }

    /** Bytes counted now. */
    public long held() {
        return held.get();
    }

    /** Counts {@code bytes} in if they fit; false (nothing counted) if they do not. */
    boolean tryTake(long bytes) {
        while (true) {
            long now = held.get();
            if (bytes > max - now) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }

    /** What one request (or message) has counted, given back once however often it is released. */
    final class Hold {
        private long taken;
        private boolean released;

        /** Counts {@code bytes} more for this request; false when the budget has no room (nothing counted). */
        synchronized boolean take(long bytes) {
            if (released || !tryTake(bytes)) {
                return false;
            }
            taken += bytes;
            return true;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                give(taken);
                taken = 0;
            }
        }
    }

    Hold hold() {
        return new Hold();
    }
}
