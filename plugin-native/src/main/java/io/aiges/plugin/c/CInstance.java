package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.UUID;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One licence of a C engine. The library is process-wide and initialised once by {@link CEngine},
 * so an instance holds no native state of its own: it is a handle the pool lends out, and the
 * pool's size bounds how many calls the engine sees at once.
 */
final class CInstance implements Wrapper {
    /** The original's WrapperCreateErr, for a NULL handle with no error number. */
    private static final int CREATE_FAILED = 10905;

    private final WrapperFunctions functions;
    private final OnceCall onceCall;
    private final String version;
    /** Null for sync sessions; in asyncMode, where each session's callback delivers. */
    private final SessionCallbacks sessionCallbacks;

    CInstance(WrapperFunctions functions, OnceCall onceCall, SessionCallbacks sessionCallbacks, String version) {
        this.functions = functions;
        this.onceCall = onceCall;
        this.sessionCallbacks = sessionCallbacks;
        this.version = version;
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return onceCall.once(usrTag(params), params, inputs);
    }

    @Override
    public WrapperSession create(Params params) throws WrapperException {
        if (!functions.hasSessions()) {
            throw functions.missingSessions();
        }
        String usrTag = usrTag(params);
        if (sessionCallbacks != null) {
            return createWithCallback(usrTag, params);
        }
        Arena session = Arena.ofShared();
        try {
            MemorySegment handle = create(session.allocateFrom(usrTag), params, MemorySegment.NULL);
            return new CSession(functions, session, handle, usrTag);
        } catch (WrapperException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** A session whose results the engine pushes through the callback ({@code asyncMode}). */
    private WrapperSession createWithCallback(String usrTag, Params params) throws WrapperException {
        // Registered first: the engine may call back from inside wrapperCreate.
        CallbackSession session = sessionCallbacks.register(usrTag);
        try {
            session.opened(create(session.tag(), params, sessionCallbacks.stub()));
            return session;
        } catch (WrapperException | RuntimeException e) {
            session.destroy(); // no handle yet: retires the tag without calling wrapperDestroy
            throw e;
        }
    }

    /** wrapperCreate; the engine's handle, or its failure. */
    private MemorySegment create(MemorySegment tag, Params params, MemorySegment callback) throws WrapperException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errNum = call.allocate(JAVA_INT);
            PsrIds psr = PsrIds.of(params);
            MemorySegment handle = functions.create(tag, ParamLists.write(params.values(), call), callback,
                    psr.write(call), psr.count(), errNum);
            int code = errNum.get(JAVA_INT, 0);
            if (code != 0) {
                throw functions.failure(code);
            }
            if (handle.equals(MemorySegment.NULL)) {
                throw new WrapperException(CREATE_FAILED, "wrapperCreate of " + functions.library()
                        + " returned no session handle");
            }
            return handle;
        }
    }

    @Override
    public String version() {
        return version;
    }

    /** The request's sid, which the engine sees as usrTag; one is made up if the caller gave none. */
    static String usrTag(Params params) {
        return params.get("sid").filter(s -> !s.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
    }
}
