package io.aiges.plugin.python;

import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Our {@code aiges} Python package, copied out of the jar (or the build's class folder) into a
 * private temporary folder that the workers get on {@code PYTHONPATH}; deleted on close.
 */
final class SdkFolder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SdkFolder.class);
    private static final String PACKAGE = "aiges";

    private final Path root;

    private SdkFolder(Path root) {
        this.root = root;
    }

    static SdkFolder extract() throws WrapperException {
        return extract(SdkFolder.class.getResource("/" + PACKAGE + "/__init__.py"));
    }

    /** Extracts the package whose {@code __init__.py} is at {@code marker}, in a jar or a folder. */
    static SdkFolder extract(URL marker) throws WrapperException {
        if (marker == null) {
            throw new WrapperException(PythonErrors.LOAD, "the aiges Python SDK is missing from the class path");
        }
        try {
            Path root = Files.createTempDirectory("aiges-python-sdk-");
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = openJar(uri)) {
                    copyPackage(jar.getPath("/" + PACKAGE), root);
                } catch (FileSystemAlreadyExistsException e) {
                    copyPackage(FileSystems.getFileSystem(uri).getPath("/" + PACKAGE), root);
                }
            } else {
                copyPackage(Path.of(uri).getParent(), root);
            }
            return new SdkFolder(root);
        } catch (IOException | URISyntaxException e) {
            throw new WrapperException(PythonErrors.LOAD, "cannot extract the aiges Python SDK: " + e, e);
        }
    }

    private static FileSystem openJar(URI uri) throws IOException {
        return FileSystems.newFileSystem(uri, Map.of());
    }

    private static void copyPackage(Path source, Path root) throws IOException {
        Path target = root.resolve(PACKAGE);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(p -> p.toString().endsWith(".py")).toList();
        }
        for (Path file : files) {
            Path copy = target.resolve(source.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy);
        }
    }

    /** The folder to put on {@code PYTHONPATH}: it holds the {@code aiges} package. */
    Path path() {
        return root;
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Only a temporary folder is left behind.
            log.warn("could not delete the python SDK folder {}: {}", root, e.toString());
        }
    }
}
