package io.aiges.plugin.c;

import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;
import io.aiges.plugin.c.isolated.IsolatedEngine;

import java.lang.foreign.ValueLayout;

/**
 * Engines written for the original AIGES: a C/C++ shared library implementing
 * {@code include/aiges/wrapper.h}, loaded unchanged through the Foreign Function & Memory API.
 *
 * <pre>{@code
 * [engine]
 * form = "c"
 * library = "./libwrapper.so"
 * isolate = false   # true: run the library in a child process that may crash alone
 * }</pre>
 *
 * A library that also exports aiges's extension {@code wrapperExecBatch} is opened as a
 * {@link BatchingCEngine}, batched when {@code [batching]} enables it. See
 * {@code docs/native-engines.md} for building an engine and the ownership rules.
 */
public final class CForm implements EngineForm {

    /** The engine form name in {@code aiges.toml}. */
    public static final String NAME = "c";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        if (ValueLayout.ADDRESS.byteSize() != Long.BYTES) {
            throw new WrapperException(NativeLibrary.LOAD_FAILED, "c engines need a 64-bit JVM: the ABI struct "
                    + "layouts are those of 8-byte pointers");
        }
        ServiceSchema schema = DeclaredSchema.of(spec); // mistakes in it fail before the library is touched
        // Isolated: the library runs in a child process, so a crash in engine code spares this JVM.
        if (spec.flag(IsolatedEngine.ISOLATE, false)) {
            IsolatedEngine isolated = IsolatedEngine.open(spec, schema);
            return isolated.batches() ? new BatchingCEngine(isolated, isolated::onceBatch) : isolated;
        }
        CEngine engine = CEngine.open(spec, schema);
        // Batch support is the library's to declare, by exporting aiges's extension symbol.
        return engine.functions().exports(CBatch.SYMBOL) ? new BatchingCEngine(engine, new CBatch(engine.functions()))
                : engine;
    }
}
