package io.aiges.engine.pool;

import io.aiges.api.Wrapper;

import java.util.concurrent.atomic.AtomicBoolean;

/** One instance lent to one request; {@link #close()} returns it, once, however often called. */
public final class Lease implements AutoCloseable {
    private final InstancePool pool;
    private final Wrapper wrapper;
    private final AtomicBoolean returned = new AtomicBoolean();

    Lease(InstancePool pool, Wrapper wrapper) {
        this.pool = pool;
        this.wrapper = wrapper;
    }

    public Wrapper wrapper() {
        return wrapper;
    }

    @Override
    public void close() {
        if (returned.compareAndSet(false, true)) {
            pool.release(wrapper);
        }
    }
}
