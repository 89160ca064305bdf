package io.aiges.api;

import java.util.List;
import java.util.Optional;

/**
 * An engine whose instances are {@link BatchWrapper}s: it declares batch support, and says which
 * requests may share a batch. aiges batches only when the configuration enables it
 * ({@code [batching] maxBatchSize > 1}); otherwise the engine is called one request at a time.
 *
 * <p>The batch key is asked before the request waits, on aiges's own threads, possibly from
 * many at once: it must be cheap, thread-safe and not touch any instance. Requests with equal
 * keys must be runnable together (for a model: the same dtype and the same shape beyond the
 * batch dimension). An empty key sends the request alone through {@link Wrapper#once}, which
 * is also how a request the engine will refuse gets its usual error.
 *
 * <pre>{@code
 * public Optional<String> batchKey(Params params, List<DataItem> inputs) {
 *     DataItem x = inputs.getFirst();
 *     return Optional.of(x.descriptor("dtype", "FP32") + "|" + x.descriptor("shape", "").replaceFirst("^\\d+", ""));
 * }
 * }</pre>
 */
public interface BatchEngine extends Engine {

    /** What a request must share with others to run in one batch with them; empty: run it alone. */
    Optional<String> batchKey(Params params, List<DataItem> inputs);
}
