package io.aiges.engine.service;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One engine call for a batch of requests, and each request's part of its answer. Failures are
 * reported as a single request's are ({@link WrapperErrors}); a failure of the call as a whole
 * is every request's failure.
 */
final class BatchCall {
    private BatchCall() {
    }

    /** One request's part of a batch's answer: its outputs, or its failure. */
    record Answer(List<DataItem> outputs, AigesException failure) {
        static Answer failed(AigesException failure) {
            return new Answer(null, failure);
        }
    }

    /**
     * Calls {@code wrapper} for {@code requests}, each request's answer in their order. A batch
     * of one, or an instance that is not a {@link BatchWrapper}, is called request by request.
     */
    static List<Answer> run(Wrapper wrapper, List<OnceRequest> requests) {
        if (requests.size() == 1 || !(wrapper instanceof BatchWrapper batchWrapper)) {
            List<Answer> answers = new ArrayList<>(requests.size());
            for (OnceRequest request : requests) {
                answers.add(once(wrapper, request));
            }
            return answers;
        }
        List<BatchItem> items = requests.stream().map(r -> new BatchItem(r.params(), r.inputs())).toList();
        List<BatchOutcome> outcomes;
        try {
            outcomes = batchWrapper.onceBatch(items);
        } catch (WrapperException e) {
            return everyone(items.size(), WrapperErrors.of(e, AigesError.WRAPPER_EXEC));
        } catch (AigesException e) {
            return everyone(items.size(), e);
        } catch (RuntimeException | Error e) {
            return everyone(items.size(), WrapperErrors.ofBug(e, AigesError.WRAPPER_EXEC));
        }
        if (outcomes == null || outcomes.size() != items.size()) {
            return everyone(items.size(), AigesError.WRAPPER_EXEC.exception("engine answered a batch of " + items.size()
                    + " requests with " + (outcomes == null ? "nothing" : outcomes.size() + " outcomes")));
        }
        List<Answer> answers = new ArrayList<>(items.size());
        for (BatchOutcome outcome : outcomes) {
            answers.add(switch (outcome) {
                case BatchOutcome.Outputs outputs -> new Answer(outputs.items(), null);
                case BatchOutcome.Failed failed -> Answer.failed(WrapperErrors.of(failed.error(), AigesError.WRAPPER_EXEC));
                case null -> Answer.failed(AigesError.WRAPPER_EXEC.exception("engine gave no outcome for a request of its batch"));
            });
        }
        return answers;
    }

    private static List<Answer> everyone(int size, AigesException failure) {
        return Collections.nCopies(size, Answer.failed(failure));
    }

    private static Answer once(Wrapper wrapper, OnceRequest request) {
        try {
            List<DataItem> outputs = wrapper.once(request.params(), request.inputs());
            return new Answer(outputs == null ? List.of() : outputs, null);
        } catch (WrapperException e) {
            return Answer.failed(WrapperErrors.of(e, AigesError.WRAPPER_EXEC));
        } catch (AigesException e) {
            return Answer.failed(e);
        } catch (RuntimeException | Error e) {
            return Answer.failed(WrapperErrors.ofBug(e, AigesError.WRAPPER_EXEC));
        }
    }
}
