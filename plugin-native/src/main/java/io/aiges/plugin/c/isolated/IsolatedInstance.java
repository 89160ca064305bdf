package io.aiges.plugin.c.isolated;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.util.List;

/**
 * One licence of an isolated C engine: a handle with no state of its own. Its calls, like every
 * licence's, go to the one engine child, which runs them concurrently.
 */
final class IsolatedInstance implements Wrapper {
    private final IsolatedEngine engine;

    IsolatedInstance(IsolatedEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return engine.once(params, inputs);
    }

    @Override
    public WrapperSession create(Params params) throws WrapperException {
        return engine.createSession(params);
    }

    @Override
    public String version() {
        return engine.version();
    }
}
