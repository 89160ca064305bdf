package io.aiges.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The default {@code aiges.toml} that {@code aiges -init} writes: every section and key of the
 * original's default file, each commented with what aiges does with it, set up to serve the
 * embedded MNIST demo.
 */
public final class DefaultConfig {

    /** The file name the original writes and reads by default. */
    public static final String FILE_NAME = "aiges.toml";

    private static final String RESOURCE = "aiges.toml";

    private DefaultConfig() {
    }

    /** The text of the default file. */
    public static String text() {
        try (InputStream in = DefaultConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default aiges.toml is missing from the aiges jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The default file for the engine form {@code pluginMode} names ({@code AIGES_PLUGIN_MODE}:
     * c, python, java, onnx; empty or unknown: the MNIST demo's onnx), so that serving the file
     * with that variable set finds nothing to override and nothing to warn about.
     */
    public static String text(String pluginMode) {
        String form = ConfigLoader.FORMS.contains(pluginMode) ? pluginMode : "onnx";
        // The comments stay in their column.
        return text().replaceFirst("(?m)^form = \"onnx\" *#", String.format("%-28s#", "form = \"" + form + "\""));
    }

    /**
     * Writes the default file for {@code pluginMode} ({@link #text(String)}) as {@code file}
     * unless something is there already.
     *
     * @return true when written, false when {@code file} already existed (it is left alone)
     */
    public static boolean writeIfAbsent(Path file, String pluginMode) throws IOException {
        try {
            Files.writeString(file, text(pluginMode), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
