package io.aiges.plugin.python;

import io.aiges.api.WrapperException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code aiges create -n NAME}: a new wrapper project, written by our SDK's own
 * {@code python3 -m aiges create}, so the Java command and the Python one make the same project.
 */
public final class ProjectScaffold {
    private ProjectScaffold() {
    }

    /**
     * Writes project {@code name} into {@code parent} with the given interpreter.
     *
     * @return what the SDK printed (where the project is and how to serve it)
     */
    public static String create(String name, Path parent, Path python) throws WrapperException {
        try (SdkFolder sdk = SdkFolder.extract()) {
            ProcessBuilder builder = new ProcessBuilder(python.toString(), "-m", "aiges", "create", "-n", name,
                    "-p", parent.toString()).redirectErrorStream(true);
            builder.environment().put("PYTHONPATH", sdk.path().toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new WrapperException(PythonErrors.LOAD, "creating project " + name + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new WrapperException(PythonErrors.LOAD, "cannot run " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrapperException(PythonErrors.LOAD, "interrupted while creating project " + name);
        }
    }

    /** The interpreter aiges uses for Python engines when the config names none. */
    public static Path defaultPython() {
        return PythonForm.DEFAULT_PYTHON;
    }
}
