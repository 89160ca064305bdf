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

    CInstance(WrapperFunctions functions, OnceCall onceCall, String version) {
        this.functions = functions;
        this.onceCall = onceCall;
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
        Arena session = Arena.ofShared();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errNum = call.allocate(JAVA_INT);
            MemorySegment handle = functions.create(session.allocateFrom(usrTag),
                    ParamLists.write(params.values(), call), errNum);
            int code = errNum.get(JAVA_INT, 0);
            if (code != 0) {
                throw functions.failure(code);
            }
            if (handle.equals(MemorySegment.NULL)) {
                throw new WrapperException(CREATE_FAILED, "wrapperCreate of " + functions.library()
                        + " returned no session handle");
            }
            return new CSession(functions, session, handle, usrTag);
        } catch (WrapperException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public String version() {
        return version;
    }

    /** The request's sid, which the engine sees as usrTag; one is made up if the caller gave none. */
    private static String usrTag(Params params) {
        return params.get("sid").filter(s -> !s.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
    }
}
