package io.aiges.engine.service;

import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test engine form ({@code form = "gate"}): its engine answers with its artefact, so a test
 * sees which engine served a request; parameter {@code wait} holds the call until {@link #GATE}
 * opens; artefact {@code fail} does not load, {@code init-fails} fails as a C engine's wrapperInit
 * does. Counts engines closed.
 */
public final class GateForm implements EngineForm {
    static volatile CountDownLatch GATE = new CountDownLatch(0);
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        if ("fail".equals(spec.artefact())) {
            throw new WrapperException(10903, "this engine never loads");
        }
        if ("init-fails".equals(spec.artefact())) {
            // As the C form reports a failed wrapperInit: its 10901, the engine's code in the text.
            throw new WrapperException(10901, "wrapperInit of libgate.so failed: inner error;code=-1");
        }
        return new Engine() {
            @Override
            public Wrapper newInstance() {
                return (params, inputs) -> {
                    if (params.get("wait").isPresent()) {
                        try {
                            GATE.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return List.of(DataItem.text("engine", spec.artefact()));
                };
            }

            @Override
            public String version() {
                return spec.artefact();
            }

            @Override
            public ServiceSchema schema() {
                return ServiceSchema.EMPTY;
            }

            @Override
            public void close() {
                CLOSED.incrementAndGet();
            }
        };
    }
}
