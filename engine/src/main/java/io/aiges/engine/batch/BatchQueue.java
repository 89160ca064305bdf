package io.aiges.engine.batch;

import io.aiges.engine.config.BatchConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests waiting for a batch, grouped by batch key, and the rule that picks the next batch
 * once an instance is free. Not thread-safe: {@link DynamicBatcher} guards it; time is passed
 * in, so the rule is tested without clocks.
 *
 * <p>The rule, as Triton's dynamic batcher: a group that holds at least the smallest preferred
 * size (or a full batch, when no sizes are preferred) is sent at once, as the largest preferred
 * size it can fill; otherwise the group whose oldest request has waited {@code maxBatchDelay}
 * is sent as it is (as the largest preferred size it fills, if any); otherwise nothing is sent
 * until the earliest such deadline. When the caller may not wait (its instance would otherwise
 * sit idle, see {@link DynamicBatcher}), every group is due at once, the oldest first. Requests
 * of different keys never share a batch, and within a key they leave in arrival order.
 */
final class BatchQueue<T> {

    /** What to do next. */
    sealed interface Next<T> {
    }

    /** Send these requests as one batch (all of one key, oldest first). */
    record Send<T>(String key, List<Entry<T>> batch) implements Next<T> {
    }

    /** Nothing is due yet: look again at {@code nanos} (or when a request arrives). */
    record WaitUntil<T>(long nanos) implements Next<T> {
    }

    /** No request is waiting. */
    record Empty<T>() implements Next<T> {
    }

    /** A waiting request and when it arrived ({@link System#nanoTime()} scale). */
    static final class Entry<T> {
        final T item;
        final long arrived;
        /** Set by the batcher once the queue timeout is scheduled; cancelled when the request leaves. */
        volatile Runnable cancelExpiry = () -> { };
        /** Set once the request has left in a batch, so that a request sent at once needs no queue timeout. */
        volatile boolean sent;

        Entry(T item, long arrived) {
            this.item = item;
            this.arrived = arrived;
        }
    }

    private final BatchConfig config;
    /** Insertion-ordered, so among equally old groups the first seen goes first. */
    private final Map<String, ArrayDeque<Entry<T>>> groups = new LinkedHashMap<>();
    /** The sizes a batch is cut to, smallest first: the preferred ones and the maximum. */
    private final List<Integer> targets;
    private int size;

    BatchQueue(BatchConfig config) {
        this.config = config;
        List<Integer> sizes = new ArrayList<>(config.preferredBatchSizes());
        if (!sizes.contains(config.maxBatchSize())) {
            sizes.add(config.maxBatchSize());
        }
        this.targets = List.copyOf(sizes);
    }

    /** Adds a request; null when the queue already holds {@code queueSize} requests. */
    Entry<T> offer(String key, T item, long now) {
        if (size >= config.queueSize()) {
            return null;
        }
        Entry<T> entry = new Entry<>(item, now);
        groups.computeIfAbsent(key, k -> new ArrayDeque<>()).add(entry);
        size++;
        return entry;
    }

    /** Takes a request out (its queue timeout passed); false when it had already left. */
    boolean remove(String key, Entry<T> entry) {
        ArrayDeque<Entry<T>> group = groups.get(key);
        if (group == null || !group.remove(entry)) {
            return false;
        }
        size--;
        if (group.isEmpty()) {
            groups.remove(key);
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Every waiting request, removed (shutdown). */
    List<Entry<T>> drainAll() {
        List<Entry<T>> all = new ArrayList<>(size);
        groups.values().forEach(all::addAll);
        groups.clear();
        size = 0;
        return all;
    }

    /**
     * The batch to send now, or how long to wait for one.
     *
     * @param mayWait false when a partial batch is to go now rather than wait out the delay
     */
    Next<T> next(long now, boolean mayWait) {
        if (size == 0) {
            return new Empty<>();
        }
        long delay = mayWait ? config.maxBatchDelay().toNanos() : 0;
        String fullKey = null;
        long fullOldest = 0;
        String dueKey = null;
        long dueOldest = 0;
        long earliestDeadline = 0;
        boolean waiting = false;
        for (Map.Entry<String, ArrayDeque<Entry<T>>> group : groups.entrySet()) {
            long oldest = group.getValue().peekFirst().arrived;
            if (group.getValue().size() >= targets.getFirst()) {
                if (fullKey == null || oldest - fullOldest < 0) {
                    fullKey = group.getKey();
                    fullOldest = oldest;
                }
            } else if (now - oldest >= delay) {
                if (dueKey == null || oldest - dueOldest < 0) {
                    dueKey = group.getKey();
                    dueOldest = oldest;
                }
            } else if (!waiting || oldest + delay - earliestDeadline < 0) {
                earliestDeadline = oldest + delay;
                waiting = true;
            }
        }
        String key = fullKey != null ? fullKey : dueKey;
        if (key == null) {
            return new WaitUntil<>(earliestDeadline);
        }
        return new Send<>(key, take(key));
    }

    /** The oldest requests of a group, as many as the largest target size they fill (all, below the smallest). */
    private List<Entry<T>> take(String key) {
        ArrayDeque<Entry<T>> group = groups.get(key);
        int count = group.size();
        int n = count;
        for (int target : targets) {
            if (target <= count) {
                n = target;
            }
        }
        List<Entry<T>> batch = new ArrayList<>(n);
        Iterator<Entry<T>> it = group.iterator();
        while (batch.size() < n) {
            batch.add(it.next());
            it.remove();
        }
        size -= n;
        if (group.isEmpty()) {
            groups.remove(key);
        }
        return batch;
    }
}
