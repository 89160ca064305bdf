package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * A streaming session in sync mode: frames go in with {@code wrapperWrite}, results are polled
 * with {@code wrapperRead} (the engine keeps owning what it returns) and the engine handle is
 * released with {@code wrapperDestroy}, exactly once. The session's arena holds the usrTag,
 * which the engine may keep, until then.
 */
final class CSession implements WrapperSession {
    /** The original's InvalidHdl. */
    private static final int DESTROYED = 10008;

    private final WrapperFunctions functions;
    private final Arena session;
    private final MemorySegment handle;
    private final String usrTag;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    CSession(WrapperFunctions functions, Arena session, MemorySegment handle, String usrTag) {
        this.functions = functions;
        this.session = session;
        this.handle = handle;
        this.usrTag = usrTag;
    }

    @Override
    public void write(List<DataItem> inputs) throws WrapperException {
        checkOpen();
        functions.writeFrame(handle, inputs);
    }

    @Override
    public List<DataItem> read() throws WrapperException {
        checkOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment response = call.allocate(ADDRESS);
            int ret = functions.read(handle, response);
            if (ret != 0) {
                throw functions.failure(ret);
            }
            return DataLists.read(response.get(ADDRESS, 0));
        }
    }

    @Override
    public void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        functions.destroySession(handle, usrTag);
        session.close();
    }

    private void checkOpen() throws WrapperException {
        if (destroyed.get()) {
            throw new WrapperException(DESTROYED, "session " + usrTag + " is already destroyed");
        }
    }
}
