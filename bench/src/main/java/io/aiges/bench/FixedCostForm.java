package io.aiges.bench;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Engine form {@code fixed-cost}, for benchmarks only: an engine whose call takes the same time
 * for one request or a whole batch ({@code [engine] model} = microseconds per call), as a call
 * to an accelerator does while the batch fits it. It echoes each request's first input.
 */
public final class FixedCostForm implements EngineForm {
    public static final String NAME = "fixed-cost";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine open(EngineSpec spec) {
        long nanos = Long.parseLong(spec.artefact()) * 1000;
        return new BatchEngine() {
            @Override
            public Optional<String> batchKey(Params params, List<DataItem> inputs) {
                return Optional.of("any");
            }

            @Override
            public BatchWrapper newInstance() {
                return new BatchWrapper() {
                    @Override
                    public List<DataItem> once(Params params, List<DataItem> inputs) {
                        LockSupport.parkNanos(nanos);
                        return List.of(inputs.getFirst());
                    }

                    @Override
                    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
                        LockSupport.parkNanos(nanos);
                        List<BatchOutcome> out = new ArrayList<>(batch.size());
                        batch.forEach(item -> out.add(BatchOutcome.of(List.of(item.inputs().getFirst()))));
                        return out;
                    }
                };
            }

            @Override
            public String version() {
                return "fixed-cost " + nanos / 1000 + " us per call";
            }

            @Override
            public ServiceSchema schema() {
                return ServiceSchema.EMPTY;
            }

            @Override
            public void close() {
            }
        };
    }
}
