package io.aiges.plugin.java;

import io.aiges.api.BatchWrapper;
import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Engines written in Java: a class implementing {@link Wrapper}, from a jar named in the config
 * ({@code [engine] jar}) or, when no jar is given, from aiges's own class path. A class that
 * implements {@link BatchWrapper} is batched when {@code [batching]} enables it.
 */
public final class JavaForm implements EngineForm {

    /** The engine form name in {@code aiges.toml}. */
    public static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        if (spec.entryClass() == null || spec.entryClass().isBlank()) {
            throw new WrapperException(10901, "[engine] class is required for java engines: the Wrapper class to load");
        }
        ClassLoader loader = loaderFor(spec.artefactPath());
        Constructor<? extends Wrapper> constructor = constructorOf(spec.entryClass(), loader);
        URLClassLoader jarLoader = loader instanceof URLClassLoader url ? url : null;
        if (BatchWrapper.class.isAssignableFrom(constructor.getDeclaringClass())) {
            return new BatchJavaEngine(constructor, spec.config(), jarLoader);
        }
        return new JavaEngine(constructor, spec.config(), jarLoader);
    }

    private static ClassLoader loaderFor(Optional<Path> jar) throws WrapperException {
        if (jar.isEmpty()) {
            return JavaForm.class.getClassLoader();
        }
        Path path = jar.get();
        if (!Files.isRegularFile(path)) {
            throw new WrapperException(10903, "java engine jar not found: " + path);
        }
        try {
            // Child-first is not needed: the SPI types must come from aiges's own loader.
            return new URLClassLoader(new URL[]{path.toUri().toURL()}, JavaForm.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new WrapperException(10903, "bad java engine jar path " + path + ": " + e.getMessage());
        }
    }

    private static Constructor<? extends Wrapper> constructorOf(String className, ClassLoader loader)
            throws WrapperException {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new WrapperException(10903, "java engine class " + className + " could not be loaded: " + e);
        }
        if (!Wrapper.class.isAssignableFrom(type)) {
            throw new WrapperException(10903, "java engine class " + className + " does not implement "
                    + Wrapper.class.getName());
        }
        try {
            return type.asSubclass(Wrapper.class).getConstructor();
        } catch (NoSuchMethodException e) {
            throw new WrapperException(10903, "java engine class " + className + " needs a public no-argument constructor");
        }
    }

    static Wrapper instantiate(Constructor<? extends Wrapper> constructor) throws WrapperException {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new WrapperException(10901, "java engine constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new WrapperException(10901, "java engine could not be created: " + e, e);
        }
    }

    static void closeQuietly(URLClassLoader loader) {
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            // Only file handles of the jar are at stake, at shutdown.
            System.getLogger(JavaForm.class.getName()).log(System.Logger.Level.DEBUG, "closing engine jar", e);
        }
    }
}
