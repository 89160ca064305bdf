package io.aiges.plugin.python;

import io.aiges.api.WrapperException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many threads the numeric libraries inside each worker may start. PyTorch, NumPy's BLAS and
 * MKL each start one thread per core by default, in every process: four workers on four cores
 * run sixteen compute threads that take turns on four cores (and against the loader's own
 * threads), and each call gets slower the more workers there are. So each worker gets
 * {@code cores / workers} threads (at least one) through the variables these libraries read at
 * import, unless the loader's environment already sets one (that setting is kept), and
 * {@code [engine] threadsPerWorker = N} sets them all to {@code N} whatever the environment says.
 */
final class WorkerThreads {
    /** The {@code [engine]} key. */
    static final String OPTION = "threadsPerWorker";
    /** The loader option carrying {@code [fc] max}, the number of workers; absent for model-repository folders. */
    static final String INSTANCES = "instances";
    static final int MAX = 1024;
    /** OpenMP (PyTorch's intra-op pool, onnxruntime, many C extensions), MKL, OpenBLAS, numexpr, Accelerate. */
    static final List<String> VARIABLES = List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS");

    private final Map<String, String> environment;

    private WorkerThreads(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * The variables to set in every worker's environment.
     *
     * @param inherited the loader's environment, whose settings the default leaves alone
     * @param cores     the cores this process may use
     */
    static WorkerThreads of(Map<String, String> options, Map<String, String> inherited, int cores)
            throws WrapperException {
        Map<String, String> set = new LinkedHashMap<>();
        String explicit = options.getOrDefault(OPTION, "").strip();
        if (!explicit.isEmpty()) {
            String threads = Integer.toString(count(explicit));
            VARIABLES.forEach(variable -> set.put(variable, threads));
            return new WorkerThreads(set);
        }
        String instances = options.getOrDefault(INSTANCES, "").strip();
        if (instances.isEmpty()) {
            return new WorkerThreads(set);
        }
        String threads = Integer.toString(Math.max(1, cores / Math.max(1, parse(instances))));
        for (String variable : VARIABLES) {
            if (!inherited.containsKey(variable)) {
                set.put(variable, threads);
            }
        }
        return new WorkerThreads(set);
    }

    /** What each worker's environment gets on top of the loader's. */
    Map<String, String> environment() {
        return environment;
    }

    private static int count(String value) throws WrapperException {
        int n = parse(value);
        if (n < 1 || n > MAX) {
            throw new WrapperException(PythonErrors.LOAD, "[engine] " + OPTION + " = " + value
                    + ": expected a whole number of threads from 1 to " + MAX);
        }
        return n;
    }

    private static int parse(String value) throws WrapperException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new WrapperException(PythonErrors.LOAD, "[engine] " + OPTION + " = " + value
                    + ": expected a whole number of threads from 1 to " + MAX);
        }
    }
}
