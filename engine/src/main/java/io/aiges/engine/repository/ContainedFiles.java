package io.aiges.engine.repository;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a model's files inside the repository: a model folder, version folder or any file under
 * it (model.onnx, config.properties, the library, wrapper.py, the files they read) whose real
 * path, links resolved, is outside the repository's real root is refused. Whoever may put a link
 * into the repository would otherwise make the server load, and answer with, any file it can read.
 * Messages name paths from the repository's root only, never the server's folders.
 */
final class ContainedFiles {
    private final Path root;
    private final List<String> settingsFiles;

    /**
     * @param root          the repository as configured (absolute, normalized), not yet resolved
     * @param settingsFiles the files beside a model's version folders that are read ({@code config.properties})
     */
    ContainedFiles(Path root, List<String> settingsFiles) {
        this.root = root;
        this.settingsFiles = List.copyOf(settingsFiles);
    }

    /**
     * Refuses the model's folder, its config.properties and every file of the version folder: before
     * anything is read from them, since what a file says may reach an error message.
     */
    void checkFolders(String name, String version) {
        Path realRoot = realRoot(name);
        Path model = root.resolve(name);
        inside(realRoot, name, model);
        for (String file : settingsFiles) {
            inside(realRoot, name, model.resolve(file));
        }
        walk(realRoot, name, model.resolve(version));
    }

    /** Refuses an artefact named by config.properties that leads out of the repository ({@code ../../x.jar}). */
    void checkArtefact(String name, String version, String artefact) {
        if (artefact != null && !artefact.isBlank()) {
            inside(realRoot(name), name, root.resolve(name).resolve(version).resolve(artefact.strip()).normalize());
        }
    }

    private Path realRoot(String name) {
        return real(name, root).orElseThrow(() -> AigesError.WRAPPER_LOAD.exception("model " + name
                + ": the model repository is gone"));
    }

    /** Every folder and file under {@code folder}, links followed, stopping at the first outside. */
    private void walk(Path realRoot, String name, Path folder) {
        try {
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                            inside(realRoot, name, dir);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            inside(realRoot, name, file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // A link back up the tree (a loop) leads where the walk has been; an
                            // unreadable file cannot be loaded either.
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": cannot read " + shown(folder));
        }
    }

    private void inside(Path realRoot, String name, Path path) {
        real(name, path).filter(real -> !real.startsWith(realRoot)).ifPresent(outside -> {
            throw refused(name, path);
        });
    }

    private AigesException refused(String name, Path path) {
        return AigesError.WRAPPER_LOAD.exception("model " + name + ": " + shown(path)
                + " resolves outside the model repository (a symbolic link out of it): refused; set"
                + " [repository] followSymlinks = true in aiges.toml to serve files from outside it");
    }

    /** The path as the repository's clients see it: from its root ({@code mnist/1/model.onnx}). */
    private String shown(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.getFileName().toString();
    }

    /** The real path, or empty when nothing is there (nothing to load, nothing to refuse). */
    private Optional<Path> real(String name, Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (NoSuchFileException | FileSystemLoopException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": cannot read " + shown(path) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
