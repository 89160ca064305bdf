package io.aiges.plugin.python;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;

import java.util.List;
import java.util.Map;

/**
 * An instance of a wrapper that defines {@code wrapperOnceExecBatch}: a batch is one call into its
 * worker, and so is a lone request (as a batch of one), so the wrapper needs no
 * {@code wrapperOnceExec} and its model sees one code path.
 */
final class BatchPythonWrapper extends PythonWrapper implements BatchWrapper {

    BatchPythonWrapper(WorkerLauncher launcher, Map<String, String> config, PythonEngine engine) {
        super(launcher, config, engine);
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return switch (onceBatch(List.of(new BatchItem(params, inputs))).getFirst()) {
            case BatchOutcome.Outputs outputs -> outputs.items();
            case BatchOutcome.Failed failed -> throw failed.error();
        };
    }

    /** Each request's outcome; a failure of the worker or of the wrapper's call fails them all. */
    @Override
    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        List<BatchOutcome> outcomes = liveWorker().call(WorkerProtocol.batch(batch),
                answer -> WorkerProtocol.outcomes(answer, batch.size()));
        return outcomes.stream().map(outcome -> outcome instanceof BatchOutcome.Outputs outputs
                ? BatchOutcome.of(complete(outputs.items())) : outcome).toList();
    }
}
