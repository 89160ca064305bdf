package io.aiges.cli.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code aiges -mnist}: writes the Python MNIST demo project into {@code ./aiges_demo/mnist/},
 * where the original's {@code ./AIservice -mnist} unpacked the aiges_demo repository. Its
 * {@code wrapper.py} has the original demo's shape and runs on numpy alone: the weights are
 * exported from aiges's embedded ONNX model into {@code wrapper/mnist-cnn.npz} as the project
 * is written, so they are always the model {@code aiges demo} serves.
 *
 * <pre>{@code
 * Path project = MnistProject.write(Path.of("."));   // ./aiges_demo/mnist
 * }</pre>
 */
public final class MnistProject {
    /** Where the project goes, under the current folder: the original's path. */
    public static final Path FOLDER = Path.of("aiges_demo", "mnist");
    static final String WEIGHTS = "wrapper/mnist-cnn.npz";
    /** The project's files, beside this class under {@code project/}. */
    static final List<String> FILES = List.of("README.md", "requirements.txt", "wrapper/wrapper.py",
            "wrapper/mnist_cnn.py", "wrapper/mnist_digit.py", "wrapper/mnist_png.py", "wrapper/test_data/7.png");

    private MnistProject() {
    }

    /**
     * Writes the project under {@code cwd}; refuses, writing nothing, when {@code aiges_demo/mnist}
     * is there already.
     *
     * @return the project's folder
     */
    public static Path write(Path cwd) throws IOException {
        Path project = cwd.resolve(FOLDER);
        if (Files.exists(project)) {
            throw new IOException(project + " already exists: remove it (or move it away) to write the demo again");
        }
        // Beside the project, so the move is a rename; created plainly (not as a temporary
        // directory, which is private to its owner) so the project gets the usual permissions.
        Path staging = project.resolveSibling(".mnist-" + ProcessHandle.current().pid());
        deleteRecursively(staging);
        Files.createDirectories(staging);
        try {
            for (String file : FILES) {
                Files.createDirectories(staging.resolve(file).getParent());
                try (InputStream in = MnistProject.class.getResourceAsStream("project/" + file)) {
                    if (in == null) {
                        throw new IOException("the demo file " + file + " is missing from aiges's cli jar");
                    }
                    Files.copy(in, staging.resolve(file));
                }
            }
            try (OutputStream out = Files.newOutputStream(staging.resolve(WEIGHTS))) {
                MnistWeights.export(out);
            }
            // Whole or not at all: a half-written project would block the next try.
            Files.move(staging, project);
            return project;
        } finally {
            deleteRecursively(staging);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
