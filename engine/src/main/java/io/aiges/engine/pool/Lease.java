package io.aiges.engine.pool;

import io.aiges.api.Wrapper;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instance lent to one request; {@link #close()} returns it, once, however often called.
 * A lease marked {@link #retire() retired} does not return its instance: the pool replaces it.
 */
public final class Lease implements AutoCloseable {
    private final InstancePool pool;
    private final Wrapper wrapper;
    private final AtomicBoolean returned = new AtomicBoolean();
    private volatile boolean retired;

    Lease(InstancePool pool, Wrapper wrapper) {
        this.pool = pool;
        this.wrapper = wrapper;
    }

    public Wrapper wrapper() {
        return wrapper;
    }

    /** The instance is not to be trusted again (its call timed out): replace it when the lease ends. */
    public void retire() {
        retired = true;
    }

    @Override
    public void close() {
        if (returned.compareAndSet(false, true)) {
            if (retired) {
                pool.replace(wrapper);
            } else {
                pool.release(wrapper);
            }
        }
    }
}
