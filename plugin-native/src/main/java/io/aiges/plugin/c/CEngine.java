package io.aiges.plugin.c;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loaded C engine library: {@code wrapperInit} once when opened, {@code wrapperFini} once when
 * closed, and lightweight {@link CInstance}s in between that share it.
 */
final class CEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(CEngine.class);
    /** The original's WrapperInitErr. */
    private static final int INIT_FAILED = 10901;

    private final WrapperFunctions functions;
    private final OnceCall onceCall;
    private final SessionCallbacks sessionCallbacks;
    private final Resources resources;
    private final ServiceSchema schema;
    private final String version;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CEngine(WrapperFunctions functions, OnceCall onceCall, SessionCallbacks sessionCallbacks,
                    Resources resources, ServiceSchema schema, String version) {
        this.functions = functions;
        this.onceCall = onceCall;
        this.sessionCallbacks = sessionCallbacks;
        this.resources = resources;
        this.schema = schema;
        this.version = version;
    }

    static CEngine open(EngineSpec spec, ServiceSchema schema) throws WrapperException {
        Resources resources = Resources.of(spec);
        WrapperFunctions functions = WrapperFunctions.bind(NativeLibrary.open(spec));
        String version = functions.version().orElse("unknown");
        log.info("engine {}: loaded {} version {}", spec.service(), functions.library(), version);
        ControlFunctions.install(functions);
        try (Arena config = Arena.ofConfined()) {
            int ret = functions.init(ParamLists.write(spec.config(), config));
            if (ret != 0) {
                throw new WrapperException(INIT_FAILED, "wrapperInit of " + functions.library() + " failed: "
                        + functions.errorText(ret) + ";code=" + ret);
            }
        }
        try {
            resources.load(functions);
        } catch (WrapperException e) {
            functions.fini();
            throw e;
        }
        // asyncMode: sessions get a callback too, as in the original, and their results come through it.
        SessionCallbacks sessionCallbacks = spec.flag("asyncMode", false) ? new SessionCallbacks(functions) : null;
        return new CEngine(functions, onceCall(spec, functions), sessionCallbacks, resources, schema, version);
    }

    private static OnceCall onceCall(EngineSpec spec, WrapperFunctions functions) {
        if (!spec.flag("asyncMode", false)) {
            return new SyncOnce(functions);
        }
        if (functions.exports("wrapperExecAsync")) {
            return new AsyncOnce(functions);
        }
        log.warn("engine {}: [aiges] asyncMode is on but {} does not export wrapperExecAsync: one-shot requests will fail",
                spec.service(), functions.library());
        return (usrTag, params, inputs) -> {
            throw functions.missing("one-shot requests in asyncMode", List.of("wrapperExecAsync"));
        };
    }

    /** How one-shot requests are sent, for tests of the async registry. */
    WrapperFunctions functions() {
        return functions;
    }

    OnceCall onceCall() {
        return onceCall;
    }

    /** Where asyncMode sessions' callbacks are dispatched, for tests; null in sync mode. */
    SessionCallbacks sessionCallbacks() {
        return sessionCallbacks;
    }

    @Override
    public Wrapper newInstance() {
        return new CInstance(functions, onceCall, sessionCallbacks, version);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public ServiceSchema schema() {
        // The C ABI declares none: what aiges.toml declares, if anything (see DeclaredSchema).
        return schema;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        resources.unload(functions);
        int ret = functions.fini();
        if (ret != 0) {
            log.warn("wrapperFini of {} failed: {};code={}", functions.library(), functions.errorText(ret), ret);
        }
    }
}
