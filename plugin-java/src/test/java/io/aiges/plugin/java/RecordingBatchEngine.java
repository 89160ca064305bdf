package io.aiges.plugin.java;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Java batch engine loaded by class name in the tests: upper-cases its one text. Parameter
 * {@code group} is its batch key ({@code "throw"}: batchKey throws). Text "fail" fails alone
 * (10009), text "boom" fails the whole call (engine code 4242). Every engine call is recorded,
 * and waits at {@link #gate} first; the record is static because aiges creates the instances.
 */
public final class RecordingBatchEngine implements BatchWrapper {
    static final ConcurrentLinkedQueue<List<String>> CALLS = new ConcurrentLinkedQueue<>();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static volatile CountDownLatch gate = new CountDownLatch(0);

    static void reset() {
        CALLS.clear();
        RUNNING.set(0);
        gate = new CountDownLatch(0);
    }

    @Override
    public Optional<String> batchKey(Params params, List<DataItem> inputs) {
        String group = params.get("group", "");
        if (group.equals("throw")) {
            throw new IllegalStateException("no key for this one");
        }
        return Optional.of(group);
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return switch (onceBatch(List.of(new BatchItem(params, inputs))).getFirst()) {
            case BatchOutcome.Outputs outputs -> outputs.items();
            case BatchOutcome.Failed failed -> throw failed.error();
        };
    }

    @Override
    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        RUNNING.incrementAndGet();
        try {
            gate.await();
            List<String> texts = batch.stream().map(item -> item.inputs().getFirst().asText()).toList();
            CALLS.add(texts);
            if (texts.contains("boom")) {
                throw new WrapperException(4242, "the accelerator fell over");
            }
            List<BatchOutcome> outcomes = new ArrayList<>();
            for (String text : texts) {
                outcomes.add(text.equals("fail")
                        ? BatchOutcome.failed(new WrapperException(ErrorCodes.INVALID_DATA, "cannot read '" + text + "'"))
                        : BatchOutcome.of(List.of(DataItem.text("out", text.toUpperCase(Locale.ROOT)))));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrapperException(10909, "interrupted");
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
