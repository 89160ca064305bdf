package io.aiges.plugin.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK is extracted from a jar (how aiges ships) as well as from the build's class folder. */
class SdkFolderTest {
    @TempDir
    Path dir;

    @Test
    void extractsThePackageFromAJarAndDeletesItOnClose() throws Exception {
        Path classes = Path.of(SdkFolder.class.getResource("/aiges/__init__.py").toURI()).getParent().getParent();
        Path jar = dir.resolve("plugin.jar");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve("aiges"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : files) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        Path root;
        try (SdkFolder sdk = SdkFolder.extract(URI.create("jar:" + jar.toUri() + "!/aiges/__init__.py").toURL())) {
            root = sdk.path();
            assertThat(root.resolve("aiges/_worker.py")).isNotEmptyFile();
            assertThat(root.resolve("aiges/core/types.py")).isNotEmptyFile();
            assertThat(root.resolve("aiges/utils/log.py")).isNotEmptyFile();
            assertThat(root.resolve("aiges/cmd/create.py")).isNotEmptyFile();
        }
        assertThat(root).doesNotExist();
    }
}
