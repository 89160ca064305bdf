package io.aiges.plugin.onnx.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OrtSessions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One instance of a generic model engine: each request item keyed by an input's name becomes
 * that input's tensor; each output comes back as an item of raw bytes with its dtype and shape.
 * A batch of requests is stacked along dimension 0 and run once (see {@link StackedBatch}).
 */
final class ModelInstance implements BatchWrapper {
    private final OrtSession session;
    private final Map<String, TensorSpec> inputs = new LinkedHashMap<>();
    private final Map<String, TensorSpec> outputs = new LinkedHashMap<>();
    private final Set<String> outputNames;
    private final StackedBatch stacked;

    ModelInstance(OrtSession session, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        this.session = session;
        inputs.forEach(spec -> this.inputs.put(spec.name(), spec));
        outputs.forEach(spec -> this.outputs.put(spec.name(), spec));
        // Only these: outputs the engine cannot return are not even computed.
        this.outputNames = Set.copyOf(this.outputs.keySet());
        this.stacked = new StackedBatch(this.inputs.values(), this.outputs.values());
    }

    /** Stacked along dimension 0 when the model leaves it open; otherwise request by request. */
    @Override
    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        if (stacked.possible()) {
            return stacked.run(session, batch, this::itemsByInput);
        }
        List<BatchOutcome> outcomes = new ArrayList<>(batch.size());
        for (BatchItem item : batch) {
            try {
                outcomes.add(BatchOutcome.of(once(item.params(), item.inputs())));
            } catch (WrapperException e) {
                outcomes.add(BatchOutcome.failed(e));
            }
        }
        return outcomes;
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> items) throws WrapperException {
        Map<String, DataItem> byName = itemsByInput(items);
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (TensorSpec spec : inputs.values()) {
                DataItem item = byName.get(spec.name());
                if (item == null) {
                    throw new WrapperException(ErrorCodes.INVALID_DATA, "input '" + spec.name()
                            + "' is missing (the model takes " + inputs.keySet() + ")");
                }
                feed.put(spec.name(), spec.tensor(OrtSessions.environment(), item));
            }
            try (OrtSession.Result result = session.run(feed, outputNames)) {
                List<DataItem> answer = new ArrayList<>(outputs.size());
                for (TensorSpec spec : outputs.values()) {
                    answer.add(spec.item((OnnxTensor) result.get(spec.name()).orElseThrow()));
                }
                return answer;
            }
        } catch (OrtException e) {
            throw OrtSessions.runFailed(e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private Map<String, DataItem> itemsByInput(List<DataItem> items) throws WrapperException {
        Map<String, DataItem> byName = new HashMap<>();
        for (DataItem item : items) {
            if (!inputs.containsKey(item.key())) {
                throw new WrapperException(ErrorCodes.INVALID_PARAM, "the model has no input '" + item.key()
                        + "' (it takes " + inputs.keySet() + ")");
            }
            if (byName.put(item.key(), item) != null) {
                throw new WrapperException(ErrorCodes.INVALID_PARAM, "input '" + item.key() + "' is sent twice");
            }
        }
        return byName;
    }
}
