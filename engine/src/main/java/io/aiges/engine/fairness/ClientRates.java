package io.aiges.engine.fairness;

import io.aiges.engine.pool.TokenBucket;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A {@link TokenBucket} per client, in a table with a bound. A bucket unused for a second is full
 * again, the same as a new one, so it is forgotten; the table then holds only clients seen within
 * the last second. A flood of distinct appids or addresses cannot grow it past {@code capacity}:
 * past that, the client seen longest ago loses its bucket and starts over with a full one. So
 * memory stays bounded, and only while more than {@code capacity} clients are active within one
 * second can a client get more than its rate.
 */
final class ClientRates {
    /** About 100 bytes each: a megabyte at most. */
    static final int CAPACITY = 10_000;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private final int capacity;
    private final LongSupplier nanoClock;
    /** In access order: the first entry is the client seen longest ago. */
    private final LinkedHashMap<ClientId, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    ClientRates(int perSecond, int capacity, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** Takes one of the client's requests this second; false when it has sent its rate. */
    synchronized boolean take(ClientId client) {
        long now = nanoClock.getAsLong();
        forgetIdle(now);
        TokenBucket bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= capacity) {
                Iterator<TokenBucket> eldest = buckets.values().iterator();
                eldest.next();
                eldest.remove();
            }
            bucket = new TokenBucket(perSecond, WINDOW_NANOS, now);
            buckets.put(client, bucket);
        }
        return bucket.take(now);
    }

    /** From the eldest on, the buckets full again: each step removes one, so this costs O(1) per call on average. */
    private void forgetIdle(long now) {
        Iterator<TokenBucket> it = buckets.values().iterator();
        while (it.hasNext() && now - it.next().lastUsed() >= WINDOW_NANOS) {
            it.remove();
        }
    }

    /** Clients in the table now. */
    synchronized int size() {
        return buckets.size();
    }
}
