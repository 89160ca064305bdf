package io.aiges.plugin.c;

import io.aiges.api.BatchEngine;
import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.util.List;
import java.util.Optional;

/**
 * A C engine whose library exports {@code wrapperExecBatch}, in process or isolated: it declares
 * batch support, and its instances hand batches to {@code batch}. Everything else is the
 * engine's own. Only a library with the symbol is wrapped, so an original engine is never batched.
 */
final class BatchingCEngine implements BatchEngine {
    private final Engine engine;
    private final ExecBatch batch;

    BatchingCEngine(Engine engine, ExecBatch batch) {
        this.engine = engine;
        this.batch = batch;
    }

    /**
     * One key for every request that names the same resources, as wrapperExecBatch takes one psrIds
     * array for the whole batch; a request whose psrIds do not parse runs alone, and wrapperExec's
     * path says what is wrong with it.
     */
    @Override
    public Optional<String> batchKey(Params params, List<DataItem> inputs) {
        try {
            return Optional.of(CBatch.key(PsrIds.of(params)));
        } catch (WrapperException e) {
            return Optional.empty();
        }
    }

    @Override
    public Wrapper newInstance() throws WrapperException {
        return new BatchingCInstance(engine.newInstance(), batch);
    }

    @Override
    public String version() {
        return engine.version();
    }

    @Override
    public ServiceSchema schema() {
        return engine.schema();
    }

    @Override
    public long restarts() {
        return engine.restarts();
    }

    /** The engine underneath, for tests that look inside it. */
    Engine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.close();
    }
}
