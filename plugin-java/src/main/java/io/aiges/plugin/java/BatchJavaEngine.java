package io.aiges.plugin.java;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Java engine whose class implements {@link BatchWrapper}: it declares batch support, and the
 * class says which requests may share a batch ({@link BatchWrapper#batchKey}), asked of the
 * uninitialised probe instance, which is never called from a request otherwise.
 */
final class BatchJavaEngine extends JavaEngine implements BatchEngine {
    private static final Logger log = LoggerFactory.getLogger(BatchJavaEngine.class);

    private final BatchWrapper keys;
    /** A broken batchKey would fail on every request: the first failure is a warning, the rest debug. */
    private final AtomicBoolean keyFailureWarned = new AtomicBoolean();

    BatchJavaEngine(Constructor<? extends Wrapper> constructor, Map<String, String> config, URLClassLoader jarLoader)
            throws WrapperException {
        super(constructor, config, jarLoader);
        this.keys = (BatchWrapper) probe();
    }

    /**
     * The class's key; empty (the request runs alone, and {@code once} answers it or says what is
     * wrong with it) when the class returns null or throws, rather than an error of its own: a
     * request the key cannot be computed for is most likely one {@code once} refuses clearly.
     */
    @Override
    public Optional<String> batchKey(Params params, List<DataItem> inputs) {
        try {
            Optional<String> key = keys.batchKey(params, inputs);
            return key == null ? Optional.empty() : key;
        } catch (RuntimeException | Error e) {
            if (keyFailureWarned.compareAndSet(false, true)) {
                log.warn("batchKey of {} threw; such requests run alone (later failures are logged at debug)",
                        className(), e);
            } else {
                log.debug("batchKey of {} threw; the request runs alone", className(), e);
            }
            return Optional.empty();
        }
    }
}
