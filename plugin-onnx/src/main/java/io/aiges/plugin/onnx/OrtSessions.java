package io.aiges.plugin.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Opens and closes ONNX Runtime sessions the way every onnx engine here wants them, and turns
 * ONNX Runtime's failures into AIGES codes: 10903 when a model cannot be loaded, 10909 when a
 * run fails.
 *
 * <pre>{@code
 * OrtSession session = OrtSessions.open(Files.readAllBytes(model), model.toString());
 * }</pre>
 */
public final class OrtSessions {
    /** The original's "engine resource could not be loaded". */
    public static final int LOAD_FAILED = 10903;
    /** The original's "engine call failed". */
    public static final int RUN_FAILED = 10909;

    private static final Logger log = LoggerFactory.getLogger(OrtSessions.class);

    private OrtSessions() {
    }

    /** The process-wide ONNX Runtime environment; it lives as long as the JVM. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** A session over the model bytes; {@code origin} names the model in error messages. */
    public static OrtSession open(byte[] model, String origin) throws WrapperException {
        return load(origin, OrtDevice.CPU, options -> environment().createSession(model, options));
    }

    /** A session over a model file; from a path, so a model may keep its weights in external data files beside it. */
    public static OrtSession open(Path model) throws WrapperException {
        return open(model, OrtDevice.CPU);
    }

    /** As {@link #open(Path)}, on {@code device}; 10903 naming what is missing when it cannot be used. */
    public static OrtSession open(Path model, OrtDevice device) throws WrapperException {
        return load(model.toString(), device, options -> environment().createSession(model.toString(), options));
    }

    /**
     * One session serves every instance of an engine (ORT sessions are thread-safe), so each run
     * gets one intra-op thread: parallelism comes from aiges's instance pool, and more threads per
     * run would only fight over the few cores a serving pod has.
     *
     * <p>ONNX Runtime's CPU arena stays on: it keeps what the largest runs took, and the batch
     * limit ({@code maxBatch}) is what bounds that (575 MB after 20,000 fuzzed OIP requests on the
     * MNIST demo, flat; a batch of 256 leaves the process 62 MB bigger). Without the arena, and
     * with glibc made to hand freed blocks back, memory returns (428 MB, 4 MB) but a 256-row run
     * costs twice the CPU, which batching cannot afford (docs/benchmarks.md, "ONNX Runtime's
     * memory").
     */
    private static OrtSession load(String origin, OrtDevice device, SessionFactory factory) throws WrapperException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            device.apply(options);
            return factory.create(options);
        } catch (OrtException e) {
            throw new WrapperException(LOAD_FAILED, "ONNX model " + origin + " could not be loaded: " + e.getMessage(), e);
        }
    }

    /** The failure of a run, with ONNX Runtime's own message. */
    public static WrapperException runFailed(OrtException e) {
        return new WrapperException(RUN_FAILED, "ONNX Runtime failed: " + e.getMessage(), e);
    }

    /** Closes a session at engine shutdown; a failure there only leaks memory we are giving back anyway. */
    public static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("closing an ONNX Runtime session failed", e);
        }
    }

    private interface SessionFactory {
        OrtSession create(OrtSession.SessionOptions options) throws OrtException;
    }
}
