package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * A streaming session on the worker that created it: {@code wrapperWrite}, {@code wrapperRead}
 * (plus whatever the wrapper delivered through {@code aiges.dto.callback}) and
 * {@code wrapperDestroy} with the wrapper's handle. When that worker dies, every call fails
 * with 10109 and destroy has nothing left to free; the instance's next session gets a new worker.
 */
final class PythonSession implements WrapperSession {
    private static final Logger log = LoggerFactory.getLogger(PythonSession.class);
    /** How long destroy waits for {@code wrapperDestroy}: it must not hold an engine thread forever. */
    private static final Duration DESTROY_WAIT = Duration.ofSeconds(10);

    private final Worker worker;
    private final String handle;

    PythonSession(Worker worker, String handle) {
        this.worker = worker;
        this.handle = handle;
    }

    @Override
    public void write(List<DataItem> inputs) throws WrapperException {
        worker.call(WorkerProtocol.write(handle, inputs));
    }

    @Override
    public List<DataItem> read() throws WrapperException {
        return worker.call(WorkerProtocol.read(handle), WorkerProtocol::outputs);
    }

    @Override
    public void destroy() {
        if (!worker.usable()) {
            return;
        }
        // The session may end because its thread was interrupted; the flag is held back for this
        // call, or it would kill a healthy worker instead of freeing the session.
        boolean interrupted = Thread.interrupted();
        try {
            worker.call(WorkerProtocol.destroy(handle), DESTROY_WAIT, answer -> null);
        } catch (WrapperException e) {
            log.warn("python session {}: destroy failed with code {}: {}", handle, e.code(), e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
