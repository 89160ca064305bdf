package io.aiges.plugin.onnx.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.DataItem;
import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OrtSessions;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Several requests to a model run as one: each input's tensors concatenated along dimension 0
 * (the model must leave it open), one run, and every output cut back along dimension 0 into
 * each request's rows. A request whose tensors do not fit the others (another shape beyond
 * dimension 0, a wrong size) gets its own error and stays out of the run. One run holds at most
 * {@code maxBatch} rows, as one request may: more requests than fit run in several.
 */
final class StackedBatch {
    private final Collection<TensorSpec> inputs;
    private final Collection<TensorSpec> outputs;
    private final Set<String> outputNames;

    /** A request taking part in the run: where it sits in the batch, its items by input, its rows. */
    private record Member(int index, Map<String, DataItem> items, long rows) {
    }

    StackedBatch(Collection<TensorSpec> inputs, Collection<TensorSpec> outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.outputNames = outputs.stream().map(TensorSpec::name).collect(Collectors.toUnmodifiableSet());
    }

    /** True when every input and output leaves dimension 0 open, so requests can be stacked. */
    boolean possible() {
        return inputs.stream().allMatch(TensorSpec::batchable) && outputs.stream().allMatch(TensorSpec::batchable);
    }

    /** Runs {@code batch} on {@code session}; one outcome per request, in order. */
    List<BatchOutcome> run(OrtSession session, List<BatchItem> batch, ItemsByInput itemsByInput) throws WrapperException {
        BatchOutcome[] outcomes = new BatchOutcome[batch.size()];
        List<Member> members = new ArrayList<>();
        Map<String, long[]> shapes = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                members.add(member(i, itemsByInput.of(batch.get(i).inputs()), shapes));
            } catch (WrapperException e) {
                outcomes[i] = BatchOutcome.failed(e);
            }
        }
        long maxRows = inputs.stream().mapToLong(TensorSpec::maxBatch).min().orElse(Long.MAX_VALUE);
        List<Member> run = new ArrayList<>();
        long rows = 0;
        for (Member member : members) {
            if (!run.isEmpty() && rows + member.rows() > maxRows) {
                runTogether(session, run, shapes, outcomes);
                run = new ArrayList<>();
                rows = 0;
            }
            run.add(member);
            rows += member.rows();
        }
        if (!run.isEmpty()) {
            runTogether(session, run, shapes, outcomes);
        }
        return Arrays.asList(outcomes);
    }

    /** Checks one request; the first one fixes the shapes beyond dimension 0 that the others must match. */
    private Member member(int index, Map<String, DataItem> items, Map<String, long[]> shapes) throws WrapperException {
        long rows = -1;
        Map<String, long[]> own = new HashMap<>();
        for (TensorSpec spec : inputs) {
            DataItem item = items.get(spec.name());
            if (item == null) {
                throw new WrapperException(ErrorCodes.INVALID_DATA, "input '" + spec.name() + "' is missing");
            }
            long[] dims = spec.checkedShape(item);
            long[] first = shapes.get(spec.name());
            if (first != null && !Arrays.equals(first, 1, first.length, dims, 1, dims.length)) {
                throw new WrapperException(ErrorCodes.INVALID_PARAM, "input '" + spec.name() + "' has shape ["
                        + TensorSpec.format(dims) + "], which cannot be stacked with [" + TensorSpec.format(first) + "]");
            }
            if (rows >= 0 && dims[0] != rows) {
                throw new WrapperException(ErrorCodes.INVALID_PARAM, "inputs of one request must have the same size"
                        + " along dimension 0; '" + spec.name() + "' has " + dims[0] + ", another " + rows);
            }
            rows = dims[0];
            own.put(spec.name(), dims);
        }
        own.forEach(shapes::putIfAbsent);
        return new Member(index, items, rows);
    }

    private void runTogether(OrtSession session, List<Member> members, Map<String, long[]> shapes,
                             BatchOutcome[] outcomes) throws WrapperException {
        long totalRows = members.stream().mapToLong(Member::rows).sum();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (TensorSpec spec : inputs) {
                int bytes = members.stream().mapToInt(m -> m.items().get(spec.name()).data().length).sum();
                ByteBuffer stacked = ByteBuffer.allocate(bytes);
                members.forEach(m -> stacked.put(m.items().get(spec.name()).data()));
                long[] dims = shapes.get(spec.name()).clone();
                dims[0] = totalRows;
                feed.put(spec.name(), spec.type().tensor(OrtSessions.environment(), stacked.array(), dims));
            }
            List<List<DataItem>> answers = new ArrayList<>();
            members.forEach(m -> answers.add(new ArrayList<>(outputs.size())));
            try (OrtSession.Result result = session.run(feed, outputNames)) {
                for (TensorSpec spec : outputs) {
                    split(spec, (OnnxTensor) result.get(spec.name()).orElseThrow(), members, totalRows, answers);
                }
            }
            for (int i = 0; i < members.size(); i++) {
                outcomes[members.get(i).index()] = BatchOutcome.of(answers.get(i));
            }
        } catch (OrtException e) {
            throw OrtSessions.runFailed(e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Cuts one output tensor into each request's rows. */
    private static void split(TensorSpec spec, OnnxTensor tensor, List<Member> members, long totalRows,
                              List<List<DataItem>> answers) throws WrapperException {
        long[] dims = tensor.getInfo().getShape();
        if (dims.length == 0 || dims[0] != totalRows) {
            throw new WrapperException(OrtSessions.RUN_FAILED, "output '" + spec.name() + "' has shape ["
                    + TensorSpec.format(dims) + "] for " + totalRows + " stacked input rows; it cannot be split per request");
        }
        byte[] all = tensor.getByteBuffer().array();
        int rowBytes = (int) (all.length / totalRows);
        int offset = 0;
        for (int i = 0; i < members.size(); i++) {
            long rows = members.get(i).rows();
            int length = (int) (rows * rowBytes);
            long[] own = dims.clone();
            own[0] = rows;
            answers.get(i).add(spec.item(Arrays.copyOfRange(all, offset, offset + length), own));
            offset += length;
        }
    }

    /** A request's items by input name, checked as a single request's are. */
    interface ItemsByInput {
        Map<String, DataItem> of(List<DataItem> items) throws WrapperException;
    }
}
