package io.aiges.engine.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The version folders of a model folder: those named by a number (at most 18 digits, so it fits
 * a long) that hold something servable, lowest first. One rule for the repository and for the
 * readers that choose among versions (Triton's {@code version_policy}).
 */
public final class VersionFolders {
    private VersionFolders() {
    }

    /** The version folders of {@code model} whose folder {@code servable} accepts, lowest first. */
    public static List<String> of(Path model, Predicate<Path> servable) throws IOException {
        try (Stream<Path> versions = Files.list(model)) {
            return versions.filter(Files::isDirectory)
                    .map(folder -> folder.getFileName().toString())
                    .filter(version -> version.matches("[0-9]{1,18}"))
                    .filter(version -> servable.test(model.resolve(version)))
                    .sorted(Comparator.comparingLong(Long::parseLong))
                    .toList();
        }
    }
}
