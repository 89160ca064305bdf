package io.aiges.plugin.java;

import io.aiges.api.Engine;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.lang.reflect.Constructor;
import java.net.URLClassLoader;
import java.util.Map;

/**
 * A loaded Java engine: every instance is a new object of the wrapper class, initialised. A class
 * that implements {@link io.aiges.api.BatchWrapper} is loaded as a {@link BatchJavaEngine}.
 */
sealed class JavaEngine implements Engine permits BatchJavaEngine {
    private final Constructor<? extends Wrapper> constructor;
    private final Map<String, String> config;
    private final URLClassLoader jarLoader;
    private final Wrapper probe;

    JavaEngine(Constructor<? extends Wrapper> constructor, Map<String, String> config, URLClassLoader jarLoader)
            throws WrapperException {
        this.constructor = constructor;
        this.config = config;
        this.jarLoader = jarLoader;
        // An uninitialised instance answers version() and schema(), which must not need init.
        this.probe = JavaForm.instantiate(constructor);
    }

    @Override
    public Wrapper newInstance() throws WrapperException {
        Wrapper wrapper = JavaForm.instantiate(constructor);
        try {
            wrapper.init(config);
        } catch (WrapperException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WrapperException(10901, "init of " + className() + " failed: " + e, e);
        }
        return wrapper;
    }

    /** The uninitialised instance that answers for the engine as a whole. */
    Wrapper probe() {
        return probe;
    }

    /** The user's class, for messages. */
    String className() {
        return constructor.getDeclaringClass().getName();
    }

    @Override
    public String version() {
        return probe.version();
    }

    @Override
    public ServiceSchema schema() {
        return probe.schema();
    }

    @Override
    public void close() {
        JavaForm.closeQuietly(jarLoader);
    }
}
