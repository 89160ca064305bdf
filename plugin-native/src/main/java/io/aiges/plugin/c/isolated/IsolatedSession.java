package io.aiges.plugin.c.isolated;

import io.aiges.api.DataItem;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streaming session held by an engine child, named by the id of the call that created it.
 * Its engine state lives in that child only: once the child has died, every call fails with
 * 10109 (a replacement child knows nothing of it) and {@link #destroy()} has nothing left to do.
 */
final class IsolatedSession implements WrapperSession {
    private static final Logger log = LoggerFactory.getLogger(IsolatedSession.class);

    private final EngineChild child;
    private final long id;
    private final String sid;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    IsolatedSession(EngineChild child, long id, String sid) {
        this.child = child;
        this.id = id;
        this.sid = sid;
    }

    @Override
    public void write(List<DataItem> inputs) throws WrapperException {
        child.call(Wire.WRITE, sid, body -> {
            body.writeLong(id);
            Wire.writeItems(body, inputs);
        });
    }

    @Override
    public List<DataItem> read() throws WrapperException {
        return child.call(Wire.READ, sid, body -> body.writeLong(id));
    }

    @Override
    public void destroy() {
        if (!destroyed.compareAndSet(false, true) || !child.alive()) {
            return;
        }
        try {
            child.call(Wire.DESTROY, sid, body -> body.writeLong(id));
        } catch (WrapperException e) {
            log.warn("session {}: destroy in isolated engine child {} failed: {}", sid, child.pid(), e.getMessage());
        }
    }
}
