package io.aiges.plugin.c;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.util.List;
import java.util.Map;

/**
 * One licence of a {@link BatchingCEngine}: batches go to wrapperExecBatch, everything else to
 * the plain instance. The pool lends it for the whole batch, so the licence counts batches.
 */
final class BatchingCInstance implements BatchWrapper {
    private final Wrapper instance;
    private final ExecBatch batch;

    BatchingCInstance(Wrapper instance, ExecBatch batch) {
        this.instance = instance;
        this.batch = batch;
    }

    @Override
    public List<BatchOutcome> onceBatch(List<BatchItem> items) throws WrapperException {
        return batch.onceBatch(items);
    }

    @Override
    public void init(Map<String, String> config) throws WrapperException {
        instance.init(config);
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return instance.once(params, inputs);
    }

    @Override
    public WrapperSession create(Params params) throws WrapperException {
        return instance.create(params);
    }

    @Override
    public void fini() {
        instance.fini();
    }

    @Override
    public String version() {
        return instance.version();
    }

    @Override
    public boolean runsInline() {
        return instance.runsInline();
    }

    @Override
    public ServiceSchema schema() {
        return instance.schema();
    }
}
