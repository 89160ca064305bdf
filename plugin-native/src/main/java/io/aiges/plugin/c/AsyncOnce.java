package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutionException;

/**
 * One-shot requests through {@code wrapperExecAsync} ({@code [aiges] asyncMode = true}): the call
 * returns at once and the engine later calls {@link #onCallback} from a thread of its own. The
 * waiting requests are found by usrTag (the request's sid), as the original loader does.
 *
 * <p>Each request's usrTag C string is allocated here and stays valid until its callback has
 * arrived, even when the request was abandoned (its thread interrupted at the request timeout):
 * freeing it earlier would let a late callback read freed memory, or memory already reused for
 * another request's tag. The requesting thread frees the tag once its answer is in (the callback
 * itself cannot: it may run before wrapperExecAsync has returned, while the call still holds the
 * tag). An abandoned request leaves {@link #waiting()} at once; its tag is freed by the late
 * callback, or never if the engine never calls back.
 */
final class AsyncOnce implements OnceCall {
    private static final Logger log = LoggerFactory.getLogger(AsyncOnce.class);
    /** Returned to the engine when no request waits for its callback, as the original does. */
    private static final int NOBODY_WAITS = -1;
    /** The original's SessRepeat: a result channel already exists for the tag. */
    private static final int DUPLICATE_TAG = 10105;
    /** The original's OnceTimeout. */
    private static final int ABANDONED = 10102;

    private final WrapperFunctions functions;
    private final MemorySegment callbackStub;
    private final ConcurrentMap<String, Pending> waiting = new ConcurrentHashMap<>();
    /** Abandoned requests whose tag the engine may still use, by the tag's address. */
    private final ConcurrentMap<Long, Pending> abandoned = new ConcurrentHashMap<>();
    /** Whether the engine has ever answered a request through its callback. */
    private final AtomicBoolean calledBack = new AtomicBoolean();
    /** Whether the hint for an engine that never calls back has been logged (once is enough). */
    private final AtomicBoolean hinted = new AtomicBoolean();

    AsyncOnce(WrapperFunctions functions) {
        this.functions = functions;
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(AsyncOnce.class, "onCallback",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, int.class)).bindTo(this);
            // Global: the engine may call back at any time, even after shutdown; a freed stub would crash.
            this.callbackStub = Linker.nativeLinker().upcallStub(target, WrapperFunctions.CALLBACK, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("callback method missing", e);
        }
    }

    @Override
    public List<DataItem> once(String usrTag, Params params, List<DataItem> inputs) throws WrapperException {
        PsrIds psr = PsrIds.of(params);
        Pending pending = new Pending(usrTag);
        if (waiting.putIfAbsent(usrTag, pending) != null) {
            pending.free();
            throw new WrapperException(DUPLICATE_TAG, "a request with sid " + usrTag + " is already running");
        }
        int ret;
        try (Arena call = Arena.ofConfined()) {
            ret = functions.execAsync(pending.tag, ParamLists.write(params.values(), call),
                    DataLists.write(inputs, call), callbackStub, 0, psr.write(call), psr.count());
        } catch (RuntimeException | Error e) {
            if (!abandon(pending)) {
                pending.free();
            }
            throw e;
        }
        if (ret != 0) {
            // The engine refused the request, so it holds no reference to the tag.
            waiting.remove(usrTag, pending);
            pending.free();
            throw functions.failure(ret);
        }
        List<DataItem> outputs;
        try {
            outputs = pending.result.get();
        } catch (InterruptedException e) {
            if (!abandon(pending)) {
                pending.free();
            }
            String hint = silenceHint();
            if (hint != null && hinted.compareAndSet(false, true)) {
                log.warn(hint);
            }
            Thread.currentThread().interrupt();
            throw new WrapperException(ABANDONED, "request " + usrTag + " abandoned while waiting for the callback of "
                    + functions.library());
        } catch (ExecutionException e) {
            pending.free();
            if (e.getCause() instanceof WrapperException failure) {
                throw failure;
            }
            throw new IllegalStateException("async engine call failed", e.getCause());
        }
        pending.free();
        return outputs;
    }

    /**
     * What to tell the operator when a request timed out and the engine has never called back:
     * most likely it implements only the synchronous call (as the original's test engines do),
     * and every request will wait its whole timeout. Null once the engine has called back.
     */
    String silenceHint() {
        return calledBack.get() ? null : functions.library() + ": a request timed out waiting for the"
                + " wrapperExecAsync callback, and this engine has never called back. If it implements only"
                + " wrapperExec, set [aiges] asyncMode = false; otherwise its wrapperExecAsync must call the callback"
                + " it is given";
    }

    /** Tags of the requests waiting for a callback. */
    int waiting() {
        return waiting.size();
    }

    /** Tags of abandoned requests still kept alive for a late callback. */
    int abandonedTags() {
        return abandoned.size();
    }

    /**
     * Gives up waiting; the tag then belongs to the late callback, which frees it. False when the
     * callback came first: the tag is the requester's to free, as for any delivered request.
     */
    private boolean abandon(Pending pending) {
        synchronized (pending) {
            if (pending.delivered) {
                return false;
            }
            pending.abandoned = true;
            // Into `abandoned` before out of `waiting`: a callback missing it in one map finds it in the other.
            abandoned.put(pending.tag.address(), pending);
            waiting.remove(pending.name, pending);
            return true;
        }
    }

    /**
     * The engine's {@code wrapperCallback}. Copies the response before returning (the engine owns
     * it) and never throws: an exception leaving an upcall ends the JVM.
     */
    private int onCallback(MemorySegment usrTag, MemorySegment response, int ret) {
        try {
            if (usrTag.equals(MemorySegment.NULL)) {
                log.debug("{}: callback with a NULL usrTag ignored", functions.library());
                return NOBODY_WAITS;
            }
            // Safe to read: our tags stay allocated until their callback; an engine copy is the engine's.
            String tag = CStrings.read(usrTag);
            Pending pending = waiting.get(tag);
            if (pending != null && pending.claim()) {
                calledBack.set(true);
                waiting.remove(tag, pending);
                deliver(pending, response, ret);
                return 0;
            }
            Pending late = abandoned.remove(usrTag.address());
            if (late != null) {
                late.free();
            }
            log.debug("{}: callback for {}, which no request waits for (ended or abandoned): ignored",
                    functions.library(), tag);
            return NOBODY_WAITS;
        } catch (Throwable t) {
            log.warn("{}: engine callback failed: {}", functions.library(), t.toString());
            return NOBODY_WAITS;
        }
    }

    private void deliver(Pending pending, MemorySegment response, int ret) {
        try {
            if (ret != 0) {
                pending.result.completeExceptionally(functions.failure(ret));
            } else {
                pending.result.complete(DataLists.read(response));
            }
        } catch (WrapperException | RuntimeException e) {
            pending.result.completeExceptionally(e);
        }
    }

    /** One request waiting for its callback, and its usrTag C string. */
    private static final class Pending {
        final String name;
        final Arena arena = Arena.ofShared();
        final MemorySegment tag;
        final CompletableFuture<List<DataItem>> result = new CompletableFuture<>();
        /** Guarded by this: whichever of callback and abandonment comes first wins. */
        boolean delivered;
        boolean abandoned;

        Pending(String name) {
            this.name = name;
            this.tag = arena.allocateFrom(name);
        }

        synchronized boolean claim() {
            if (delivered || abandoned) {
                return false;
            }
            delivered = true;
            return true;
        }

        void free() {
            arena.close();
        }
    }
}
