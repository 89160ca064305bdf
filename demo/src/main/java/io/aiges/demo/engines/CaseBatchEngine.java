package io.aiges.demo.engines;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An example batch engine, shaped like a model on an accelerator: every call costs
 * {@code [wrapper] callMillis} however many requests it carries, so a batch of 16 costs what one
 * request does. Each text is upper- or lower-cased (parameter {@code case}); requests that ask
 * for different cases cannot share a call (their batch keys differ), as requests for different
 * model variants could not. An empty text fails alone (10009); the rest of its batch is answered.
 *
 * <pre>{@code
 * [engine]
 * form = "java"
 * class = "io.aiges.demo.engines.CaseBatchEngine"
 *
 * [wrapper]
 * callMillis = "5"
 *
 * [batching]
 * maxBatchSize = 16
 * maxBatchDelay = "2ms"
 * }</pre>
 */
public final class CaseBatchEngine implements BatchWrapper {
    static final String OUTPUT = "result";
    private static final List<String> CASES = List.of("upper", "lower");

    private long callMillis;

    @Override
    public void init(Map<String, String> config) throws WrapperException {
        try {
            callMillis = Long.parseLong(config.getOrDefault("callMillis", "0").trim());
        } catch (NumberFormatException e) {
            throw new WrapperException(10901, "[wrapper] callMillis must be a whole number of milliseconds");
        }
    }

    /**
     * One call per case; a request with a case this engine does not know, or not exactly one
     * text, runs alone so that {@link #once} refuses it with its own error. Reads only its
     * arguments: aiges calls it from many threads on an instance that was never initialised.
     */
    @Override
    public Optional<String> batchKey(Params params, List<DataItem> inputs) {
        String wanted = params.get("case", "upper");
        return inputs.size() == 1 && CASES.contains(wanted) ? Optional.of(wanted) : Optional.empty();
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        if (inputs.size() != 1) {
            throw new WrapperException(ErrorCodes.INVALID_DATA, "expected one text, got " + inputs.size() + " items");
        }
        if (!CASES.contains(params.get("case", "upper"))) {
            throw new WrapperException(ErrorCodes.INVALID_PARAM_VALUE, "parameter 'case' must be upper or lower");
        }
        return switch (onceBatch(List.of(new BatchItem(params, inputs))).getFirst()) {
            case BatchOutcome.Outputs outputs -> outputs.items();
            case BatchOutcome.Failed failed -> throw failed.error();
        };
    }

    /** The whole batch in one "model call": the fixed cost once, then each request's own answer. */
    @Override
    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        pay();
        List<BatchOutcome> outcomes = new ArrayList<>(batch.size());
        for (BatchItem item : batch) {
            String text = item.inputs().getFirst().asText();
            if (text.isEmpty()) {
                outcomes.add(BatchOutcome.failed(new WrapperException(ErrorCodes.INVALID_DATA, "empty text")));
                continue;
            }
            boolean upper = item.params().get("case", "upper").equals("upper");
            outcomes.add(BatchOutcome.of(List.of(DataItem.text(OUTPUT,
                    upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT)))));
        }
        return outcomes;
    }

    private void pay() throws WrapperException {
        if (callMillis <= 0) {
            return;
        }
        try {
            Thread.sleep(callMillis);
        } catch (InterruptedException e) {
            // aiges interrupts a call past [aiges] requestTimeout; its requests already got 10102.
            Thread.currentThread().interrupt();
            throw new WrapperException(10909, "interrupted");
        }
    }

    @Override
    public String version() {
        return "case-batch 1.0";
    }

    @Override
    public ServiceSchema schema() {
        return new ServiceSchema(
                List.of(new ServiceSchema.Field("text", DataType.TEXT, "the text to change", Map.of("encoding", "utf8"))),
                List.of(new ServiceSchema.Field(OUTPUT, DataType.TEXT, "the text in the asked case", Map.of("encoding", "utf8"))),
                List.of(new ServiceSchema.Param("case", "string", "upper or lower", "upper", false)));
    }
}
