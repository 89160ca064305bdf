package io.aiges.config;

import com.google.protobuf.TextFormat;
import io.aiges.config.triton.ModelConfig;
import io.aiges.engine.AigesError;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Triton {@code config.pbtxt} (protobuf text format) into the {@link ModelConfig} of our
 * {@code model_config.proto}. Fields of Triton's configuration that our subset leaves out do not
 * fail the load: they are listed, to be named in the model's one warning. A syntax error fails it
 * with the file and Triton's own line and column.
 */
final class TritonConfigText {
    static final String FILE = "config.pbtxt";
    /** Larger than any configuration written by hand; a bound on what one model's load reads. */
    static final long MAX_BYTES = 1 << 20;
    /**
     * The start of protobuf's message for fields it does not know, which it raises only after
     * merging everything else, so the configuration read is whole (protobuf-java's TextFormat).
     */
    private static final String UNKNOWN_FIELDS = "Input contains unknown fields and/or extensions:";

    /** The configuration read, and the fields it set that our subset does not declare ({@code optimization at 3:1}). */
    record Parsed(ModelConfig config, List<String> unknown) {
    }

    private TritonConfigText() {
    }

    /** @throws io.aiges.engine.AigesException 10903 naming the file (and line:column) when it cannot be read */
    static Parsed read(Path file, String name) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + file + " is larger than "
                        + MAX_BYTES + " bytes; a model configuration is a few lines");
            }
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return parse(text, file, name);
    }

    static Parsed parse(String text, Path file, String name) {
        ModelConfig.Builder config = ModelConfig.newBuilder();
        try {
            TextFormat.getParser().merge(text, config);
            return new Parsed(config.build(), List.of());
        } catch (TextFormat.ParseException e) {
            String message = e.getMessage();
            int listed = message.indexOf(UNKNOWN_FIELDS);
            if (listed < 0) {
                throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + file + ":" + e.getLine() + ":"
                        + e.getColumn() + ": " + withoutPosition(message, e));
            }
            return new Parsed(config.build(), unknown(message.substring(listed + UNKNOWN_FIELDS.length())));
        } catch (RuntimeException e) {
            // protobuf's tokenizer on input it was not written for: still the file's fault, not the server's.
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + file + " is not a model configuration ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code 3:1:\tinference.ModelConfig.optimization} lines as {@code optimization at 3:1}. */
    private static List<String> unknown(String listing) {
        List<String> fields = new ArrayList<>();
        for (String line : listing.strip().split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String field = line.substring(tab + 1).strip().replaceFirst("^inference\\.", "")
                    .replaceFirst("^ModelConfig\\.", "");
            fields.add(field + " at " + line.substring(0, tab).replaceFirst(":$", ""));
        }
        return fields;
    }

    /** protobuf starts its message with the position already given. */
    private static String withoutPosition(String message, TextFormat.ParseException e) {
        String position = e.getLine() + ":" + e.getColumn() + ": ";
        return message.startsWith(position) ? message.substring(position.length()) : message;
    }
}
