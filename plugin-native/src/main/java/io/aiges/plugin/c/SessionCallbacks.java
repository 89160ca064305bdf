package io.aiges.plugin.c;

import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The callback of streaming sessions in {@code [aiges] asyncMode}: one upcall stub per engine,
 * given to every {@code wrapperCreate}, which finds the session a callback is for by its usrTag
 * and queues a copy of the results there.
 *
 * <p>A callback names its session by the usrTag pointer aiges passed to wrapperCreate, or by an
 * engine's own copy of that string. Our pointers are looked up by address, without reading them.
 * Tags of ended sessions are not freed at once: the last {@link #RETIRED_TAGS} stay allocated
 * and known, so a late callback carrying one reads no freed memory and, since no new session can
 * be given the same address meanwhile, is never taken for another session's; it gets -1. A tag
 * string of the engine's own is read and matched against the open sessions only.
 */
final class SessionCallbacks {
    private static final Logger log = LoggerFactory.getLogger(SessionCallbacks.class);
    /** Returned to the engine when no open session waits for the callback, as the original does. */
    static final int NOBODY_WAITS = -1;
    /** The original's SessRepeat: a session with this usrTag is already open. */
    private static final int DUPLICATE_TAG = 10105;
    /** How many ended sessions' tags are kept for late callbacks (the original remembers 1000 ended handles). */
    static final int RETIRED_TAGS = 1024;

    private final WrapperFunctions functions;
    private final MemorySegment stub;
    private final ConcurrentMap<String, CallbackSession> byName = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, CallbackSession> byAddress = new ConcurrentHashMap<>();
    /** Guarded by itself: tags of ended sessions, oldest first, and their addresses. */
    private final Deque<RetiredTag> retired = new ArrayDeque<>();
    private final ConcurrentMap<Long, Boolean> retiredAddresses = new ConcurrentHashMap<>();

    SessionCallbacks(WrapperFunctions functions) {
        this.functions = functions;
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(SessionCallbacks.class, "onCallback",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, int.class)).bindTo(this);
            // Global: a session's engine thread may call back at any time, even after shutdown.
            this.stub = Linker.nativeLinker().upcallStub(target, WrapperFunctions.CALLBACK, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("callback method missing", e);
        }
    }

    /** The function pointer every wrapperCreate of this engine gets. */
    MemorySegment stub() {
        return stub;
    }

    /**
     * Registers a session before its wrapperCreate, so that callbacks made from inside the create
     * already find it; fails with 10105 when a session with the same tag is open.
     */
    CallbackSession register(String usrTag) throws WrapperException {
        CallbackSession session = new CallbackSession(usrTag, functions, this);
        if (byName.putIfAbsent(usrTag, session) != null) {
            session.tagArena().close();
            throw new WrapperException(DUPLICATE_TAG, "a session with sid " + usrTag + " is already open");
        }
        byAddress.put(session.tag().address(), session);
        return session;
    }

    /** Forgets an ended session; its tag stays allocated among the retired ones. */
    void retire(CallbackSession session) {
        byName.remove(session.usrTag(), session);
        long address = session.tag().address();
        RetiredTag oldest = null;
        synchronized (retired) {
            retiredAddresses.put(address, Boolean.TRUE);
            byAddress.remove(address, session);
            retired.addLast(new RetiredTag(address, session.tagArena()));
            if (retired.size() > RETIRED_TAGS) {
                oldest = retired.removeFirst();
            }
        }
        if (oldest != null) {
            // Out of the known set before the memory goes, so no lookup trusts a freed address.
            retiredAddresses.remove(oldest.address());
            oldest.arena().close();
        }
    }

    /** Sessions registered and not yet ended. */
    int open() {
        return byName.size();
    }

    /**
     * The engine's {@code wrapperCallback}. Copies the results before returning (the engine owns
     * them) and never throws: an exception leaving an upcall ends the JVM.
     */
    private int onCallback(MemorySegment usrTag, MemorySegment response, int ret) {
        try {
            if (usrTag.equals(MemorySegment.NULL)) {
                log.debug("{}: session callback with a NULL usrTag ignored", functions.library());
                return NOBODY_WAITS;
            }
            CallbackSession session = byAddress.get(usrTag.address());
            if (session == null) {
                if (retiredAddresses.containsKey(usrTag.address())) {
                    log.debug("{}: callback for a session that has ended: ignored", functions.library());
                    return NOBODY_WAITS;
                }
                // Not a pointer of ours: the engine's own copy of the tag, which it keeps valid.
                session = byName.get(CStrings.read(usrTag));
            }
            if (session == null) {
                log.debug("{}: callback for a session no one has open: ignored", functions.library());
                return NOBODY_WAITS;
            }
            return session.accept(response, ret) ? 0 : NOBODY_WAITS;
        } catch (Throwable t) {
            log.warn("{}: engine session callback failed: {}", functions.library(), t.toString());
            return NOBODY_WAITS;
        }
    }

    private record RetiredTag(long address, Arena arena) {
    }
}
