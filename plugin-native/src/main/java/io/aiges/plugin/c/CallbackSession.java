package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming session in callback mode ({@code [aiges] asyncMode = true}): frames go in with
 * {@code wrapperWrite}; the engine pushes results through the callback whenever it likes, from
 * any thread; they are copied before the callback returns and queued here in the order they
 * came, and {@link #read()} hands over what has arrived (the engine's own {@code wrapperRead} is
 * not called, as in the original). Each callback that queues something also wakes aiges up
 * ({@link #onResultsReady}), which reads it at once on its own thread, so a pushed result reaches
 * a streaming client without waiting for its next frame; results a frame's read already took are
 * not queued twice. A result with status END or ONCE, or a callback with ret != 0,
 * ends the stream: later callbacks get -1, as the original's closed channel gives.
 *
 * <p>The queue is bounded ({@link #MAX_QUEUED} items or {@link #MAX_QUEUED_BYTES} bytes unread):
 * an engine pushing past it fails the session (10909, {@code ;code=10100}) instead of growing
 * the heap without end.
 */
final class CallbackSession implements WrapperSession {
    /** The original's InvalidHdl. */
    private static final int DESTROYED = 10008;
    /** The original's buffer-full code, for an engine pushing more than is read. */
    static final int OVERFLOW = 10100;
    static final int MAX_QUEUED = 4096;
    static final long MAX_QUEUED_BYTES = 64L << 20;

    private final String usrTag;
    private final WrapperFunctions functions;
    private final SessionCallbacks callbacks;
    private final Arena tagArena = Arena.ofShared();
    private final MemorySegment tag;
    /** Set once by the creating thread; sessions are then called from other engine threads. */
    private volatile MemorySegment handle = MemorySegment.NULL;
    /** aiges's wake-up: run after a callback queued results or a failure, outside the lock. */
    private volatile Runnable resultsReady = () -> { };

    /** Guarded by this. */
    private final List<DataItem> queued = new ArrayList<>();
    private long queuedBytes;
    private WrapperException failure;
    private boolean streamEnded;
    private boolean destroyed;

    CallbackSession(String usrTag, WrapperFunctions functions, SessionCallbacks callbacks) {
        this.usrTag = usrTag;
        this.functions = functions;
        this.callbacks = callbacks;
        this.tag = tagArena.allocateFrom(usrTag);
    }

    String usrTag() {
        return usrTag;
    }

    /** The usrTag C string given to wrapperCreate; lives until the tag is retired and evicted. */
    MemorySegment tag() {
        return tag;
    }

    Arena tagArena() {
        return tagArena;
    }

    /** The engine's handle, once wrapperCreate has returned it. */
    void opened(MemorySegment engineHandle) {
        this.handle = engineHandle;
    }

    /**
     * One callback's results, copied now (the engine owns {@code response}); false when the
     * session takes no more (ended, failed or destroyed), which the engine hears as -1.
     */
    boolean accept(MemorySegment response, int ret) {
        // Copied before taking the lock: a slow copy must not hold up read().
        List<DataItem> items;
        WrapperException failed = null;
        boolean overflowed = false;
        if (ret != 0) {
            items = List.of();
            failed = functions.failure(ret);
        } else {
            try {
                items = DataLists.read(response);
            } catch (WrapperException e) {
                items = List.of();
                failed = e;
            }
        }
        synchronized (this) {
            if (destroyed || streamEnded || failure != null) {
                return false;
            }
            if (failed != null) {
                failure = failed;
            } else {
                long bytes = items.stream().mapToLong(item -> item.data().length).sum();
                if (queued.size() + items.size() > MAX_QUEUED || queuedBytes + bytes > MAX_QUEUED_BYTES) {
                    failure = new WrapperException(OVERFLOW, "session " + usrTag + ": the engine pushed more than "
                            + MAX_QUEUED + " results or " + (MAX_QUEUED_BYTES >> 20) + " MiB that were not read yet");
                    overflowed = true;
                } else {
                    queued.addAll(items);
                    queuedBytes += bytes;
                    streamEnded = items.stream().anyMatch(item -> item.status().isLast());
                }
            }
        }
        // Never under the lock: the wake-up queues a read, which takes it.
        if (!items.isEmpty() || failed != null || overflowed) {
            resultsReady.run();
        }
        return !overflowed;
    }

    @Override
    public void onResultsReady(Runnable ready) {
        this.resultsReady = ready;
    }

    @Override
    public void write(List<DataItem> inputs) throws WrapperException {
        synchronized (this) {
            checkUsable();
        }
        functions.writeFrame(handle, inputs);
    }

    /** Everything the engine has pushed since the last read, in order; a pushed failure once the results before it are read. */
    @Override
    public synchronized List<DataItem> read() throws WrapperException {
        if (destroyed) {
            throw new WrapperException(DESTROYED, "session " + usrTag + " is already destroyed");
        }
        if (queued.isEmpty() && failure != null) {
            throw failure;
        }
        List<DataItem> out = List.copyOf(queued);
        queued.clear();
        queuedBytes = 0;
        return out;
    }

    @Override
    public void destroy() {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            queued.clear();
        }
        try {
            if (!handle.equals(MemorySegment.NULL)) {
                functions.destroySession(handle, usrTag);
            }
        } finally {
            callbacks.retire(this);
        }
    }

    private void checkUsable() throws WrapperException {
        if (destroyed) {
            throw new WrapperException(DESTROYED, "session " + usrTag + " is already destroyed");
        }
        if (failure != null) {
            throw failure;
        }
    }
}
