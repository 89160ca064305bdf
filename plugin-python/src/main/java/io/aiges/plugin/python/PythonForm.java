package io.aiges.plugin.python;

import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Engines written in Python against the AIGES SDK: an unmodified {@code wrapper.py} (module
 * {@code wrapper}, class {@code Wrapper}) served from worker processes, one per engine instance.
 *
 * <pre>{@code
 * [engine]
 * form = "python"
 * wrapper = "wrapper/wrapper.py"   # the file or its folder
 * devices = ["0", "1"]             # optional: CUDA_VISIBLE_DEVICES of each worker, round-robin
 * [aiges]
 * pythonPluginCmd = "/opt/conda/bin/python3"   # optional; default /usr/bin/python3
 * engineStartTimeout = 120000      # optional: ms a worker may take to import, and to init
 * }</pre>
 *
 * When no {@code wrapper.py} is found at the configured place, the folders on the
 * {@code PYTHONPATH} environment variable are searched, as the original loader found it there.
 * Start-up imports the wrapper once, so a broken {@code wrapper.py} fails it with the file, line
 * and message.
 */
public final class PythonForm implements EngineForm {
    private static final Logger log = LoggerFactory.getLogger(PythonForm.class);

    /** The engine form name in {@code aiges.toml}. */
    public static final String NAME = "python";
    /** Debian's interpreter: the one whose standard library the SDK is tested with. */
    static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");
    /** The {@code [aiges]} key that names the interpreter (the original's plugin command). */
    static final String PYTHON_COMMAND = "pythonPluginCmd";
    private static final String MODULE_FILE = "wrapper.py";

    private final Map<String, String> env;

    public PythonForm() {
        this(System.getenv());
    }

    /** A form that reads {@code PYTHONPATH} and {@code PATH} from {@code env} (tests pass their own). */
    PythonForm(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        Path folder = wrapperFolder(spec);
        Path python = interpreter(spec.options());
        StartLimit limit = StartLimit.of(spec.options(), folder.resolve(MODULE_FILE));
        WorkerThreads threads = WorkerThreads.of(spec.options(), env, Runtime.getRuntime().availableProcessors());
        SdkFolder sdk = SdkFolder.extract();
        WorkerDevices devices = WorkerDevices.of(spec.options());
        WorkerLauncher launcher = new WorkerLauncher(python, folder, sdk.path(), env.get("PYTHONPATH"), limit,
                threads.environment());
        try {
            // The probe sees the first instance's device: a wrapper that touches CUDA at import lands where it will.
            Worker probe = launcher.start(devices.forWorker(0));
            WorkerProtocol.Declaration declaration = declarationOf(probe);
            log.info("python engine {} from {} ({})", declaration.serviceId(), folder, python);
            return PythonEngine.of(sdk, launcher, spec.config(), declaration, devices, probe);
        } catch (WrapperException | RuntimeException e) {
            launcher.close();
            sdk.close();
            throw e;
        }
    }

    /**
     * Reads what the wrapper declares from the first worker, which has imported it but is not
     * initialised; the engine's first instance adopts that worker, so a wrapper that takes
     * seconds to import (torch) is imported once per instance, not once more.
     */
    private static WorkerProtocol.Declaration declarationOf(Worker probe) throws WrapperException {
        try {
            return probe.call(WorkerProtocol.schema(), WorkerProtocol::declaration);
        } catch (WrapperException | RuntimeException e) {
            // Not initialised, so no wrapperFini either: closing its stdin ends it.
            probe.dismiss();
            throw e;
        }
    }

    private Path wrapperFolder(EngineSpec spec) throws WrapperException {
        List<Path> tried = new ArrayList<>();
        Optional<Path> artefact = spec.artefactPath();
        if (artefact.isPresent()) {
            Path path = artefact.get();
            if (Files.isRegularFile(path)) {
                if (!path.getFileName().toString().equals(MODULE_FILE)) {
                    throw new WrapperException(PythonErrors.LOAD, "python engines are imported as module 'wrapper': "
                            + "rename " + path + " to " + MODULE_FILE + " or name its folder");
                }
                return path.toAbsolutePath().getParent();
            }
            Path inFolder = path.resolve(MODULE_FILE);
            if (Files.isRegularFile(inFolder)) {
                return path.toAbsolutePath();
            }
            tried.add(path);
        }
        String pythonPath = env.getOrDefault("PYTHONPATH", "");
        for (String entry : pythonPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path folder = Path.of(entry);
                if (Files.isRegularFile(folder.resolve(MODULE_FILE))) {
                    return folder.toAbsolutePath();
                }
                tried.add(folder);
            }
        }
        throw new WrapperException(PythonErrors.LOAD, "no " + MODULE_FILE + " found; looked at " + tried
                + ": set [engine] wrapper to the file or its folder, or put its folder on PYTHONPATH");
    }

    /**
     * The interpreter: the first word of {@code [aiges] pythonPluginCmd} when it is a python
     * executable (the original runs that command through a shell; the rest of it, such as
     * {@code -m aiges.serve}, means nothing here), or the word after {@code env} (the original's
     * default file says {@code /usr/bin/env python -m aiges.serve}), else {@link #DEFAULT_PYTHON}.
     */
    Path interpreter(Map<String, String> options) {
        String command = options.getOrDefault(PYTHON_COMMAND, "").trim();
        if (command.isEmpty()) {
            return DEFAULT_PYTHON;
        }
        String[] words = command.split("\\s+");
        boolean viaEnv = words.length > 1 && Path.of(words[0]).getFileName().toString().equals("env");
        String first = viaEnv ? words[1] : words[0];
        Optional<Path> executable = executable(first);
        if (executable.isPresent() && executable.get().getFileName().toString().startsWith("python")) {
            return executable.get();
        }
        log.warn("[aiges] {} = \"{}\" does not start with a python interpreter that exists; using {}",
                PYTHON_COMMAND, command, DEFAULT_PYTHON);
        return DEFAULT_PYTHON;
    }

    private Optional<Path> executable(String name) {
        if (name.contains(File.separator)) {
            Path path = Path.of(name);
            return Files.isExecutable(path) && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        }
        for (String folder : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!folder.isBlank()) {
                Path path = Path.of(folder, name);
                if (Files.isExecutable(path) && Files.isRegularFile(path)) {
                    return Optional.of(path);
                }
            }
        }
        return Optional.empty();
    }
}
