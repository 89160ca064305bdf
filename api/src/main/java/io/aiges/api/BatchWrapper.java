package io.aiges.api;

import java.util.List;
import java.util.Optional;

/**
 * An engine instance that can answer several one-shot requests in one call, as a model does
 * when it stacks inputs along its batch dimension. aiges only hands it requests that its
 * {@link BatchEngine} gave the same batch key, and never more than {@code [batching] maxBatchSize}
 * of them; the licence still holds: one batch runs on one instance.
 *
 * <pre>{@code
 * public final class UpperBatch implements BatchWrapper {
 *     public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
 *         if (inputs.isEmpty()) {
 *             throw new WrapperException(ErrorCodes.INVALID_DATA, "no text to upper-case");
 *         }
 *         return List.of(DataItem.text("result", inputs.getFirst().asText().toUpperCase()));
 *     }
 *
 *     public List<BatchOutcome> onceBatch(List<BatchItem> batch) {
 *         List<BatchOutcome> out = new ArrayList<>();
 *         for (BatchItem item : batch) {   // a model would stack the inputs and run once for all
 *             try {
 *                 out.add(BatchOutcome.of(once(item.params(), item.inputs())));
 *             } catch (WrapperException e) {
 *                 out.add(BatchOutcome.failed(e));   // this request fails alone
 *             }
 *         }
 *         return out;
 *     }
 * }
 * }</pre>
 */
public interface BatchWrapper extends Wrapper {

    /**
     * Runs every request of {@code batch} and returns one outcome per request, in the same order.
     * Throwing fails every request of the batch with that error: do it only when the call as a
     * whole failed (the runtime broke), not for one request's bad input.
     */
    List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException;

    /**
     * What a request must share with others to run in one batch with them, for engine forms
     * whose engine asks its wrapper class (the {@code java} form); empty: run it alone through
     * {@link Wrapper#once}, which is also how a request {@code once} will refuse gets its usual
     * error. Forms whose {@link BatchEngine} computes the key itself (ONNX) never call this.
     *
     * <p>aiges calls it before the request waits, on its own threads, possibly from many at once,
     * on a probe instance that was never initialised (the one that answers {@link #version()}):
     * it must be cheap, thread-safe and a function of its arguments only, never of instance state.
     * If it throws, the request runs alone. The default lets every request share a batch.
     *
     * <pre>{@code
     * public Optional<String> batchKey(Params params, List<DataItem> inputs) {
     *     return inputs.size() == 1 ? Optional.of(params.get("lang", "en")) : Optional.empty();
     * }
     * }</pre>
     */
    default Optional<String> batchKey(Params params, List<DataItem> inputs) {
        return Optional.of("");
    }
}
