package io.aiges.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One TOML file: its tree, and its name and line locator, so every problem found in it can be
 * reported as {@code name:line: [section] key: problem}.
 */
final class TomlDocument {

    private static final TomlMapper MAPPER = new TomlMapper();
    private static final int MAX_REASON = 160;

    private final String name;
    private final ObjectNode root;
    private final TomlLineLocator lines;

    private TomlDocument(String name, ObjectNode root, TomlLineLocator lines) {
        this.name = name;
        this.root = root;
        this.lines = lines;
    }

    /** Reads and parses {@code file}; {@code name} is how messages call it (usually as the user typed it). */
    static TomlDocument read(Path file, String name) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": no such file");
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "is a folder, not a file" : "cannot read: " + e.getMessage();
            throw new ConfigException(name + ": " + reason);
        }
        return parse(decode(bytes, name), name);
    }

    static TomlDocument parse(String text, String name) throws ConfigException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        TomlLineLocator lines = TomlLineLocator.of(body);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw syntaxError(e, lines, name);
        } catch (RuntimeException e) {
            // Jackson's TOML parser is not meant to throw anything else; if it does, still say
            // which file is at fault rather than escaping with a stack trace.
            throw new ConfigException(name + ": invalid TOML: " + e);
        }
        ObjectNode root = tree instanceof ObjectNode object ? object : MAPPER.createObjectNode();
        return new TomlDocument(name, root, lines);
    }

    String name() {
        return name;
    }

    /** The top-level tables, in file order. */
    List<String> tableNames() {
        List<String> names = new ArrayList<>();
        root.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    /**
     * The table {@code [name]}, empty when absent; a problem when {@code name} is set to something
     * other than a table.
     */
    Optional<TomlSection> section(String sectionName) throws ConfigException {
        JsonNode node = root.get(sectionName);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw problemAt(lines.lineOf(sectionName),
                    sectionName + ": expected a [" + sectionName + "] table, got " + TomlValues.describe(node));
        }
        return Optional.of(new TomlSection(this, sectionName, (ObjectNode) node));
    }

    /** The root itself, for files (usrCfg) whose top level is read as a whole. */
    ObjectNode root() {
        return root;
    }

    /** {@code name:line: [section] key: problem}, without the line when it cannot be found. */
    ConfigException problem(String section, String key, String problem) {
        return problemAt(lines.lineOf(section, key), "[" + section + "] " + key + ": " + problem);
    }

    /** {@code name: problem}, for problems that are not on one line. */
    ConfigException problem(String problem) {
        return new ConfigException(name + ": " + problem);
    }

    private ConfigException problemAt(OptionalInt line, String problem) {
        if (line.isEmpty()) {
            return problem(problem);
        }
        return new ConfigException(name + ":" + line.getAsInt() + ": " + problem, line.getAsInt());
    }

    private static ConfigException syntaxError(JacksonException e, TomlLineLocator lines, String name) {
        String reason = Optional.ofNullable(e.getOriginalMessage()).orElse(e.getClass().getSimpleName());
        if (reason.length() > MAX_REASON) {
            // Jackson quotes the offending text, which may be a 5000-digit number.
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        if (reason.startsWith("Duplicate key")) {
            // Jackson points after the value and does not name the key: find it ourselves.
            Optional<TomlLineLocator.Duplicate> duplicate = lines.firstDuplicate();
            if (duplicate.isPresent()) {
                TomlLineLocator.Key key = duplicate.get().again();
                return new ConfigException(name + ":" + key.line() + ":" + key.column() + ": invalid TOML: "
                        + "duplicate key " + describePath(key.path()) + " (first set on line "
                        + duplicate.get().firstLine() + ")", key.line());
            }
        }
        JsonLocation location = e.getLocation();
        String what = "invalid TOML: " + lowerFirst(reason);
        if (location == null || location.getLineNr() < 1) {
            return new ConfigException(name + ": " + what);
        }
        int line = location.getLineNr();
        return new ConfigException(name + ":" + line + ":" + location.getColumnNr() + ": " + what, line);
    }

    private static String describePath(List<String> path) {
        String key = path.getLast();
        List<String> table = path.subList(0, path.size() - 1);
        return "\"" + key + "\"" + (table.isEmpty() ? "" : " in [" + String.join(".", table) + "]");
    }

    private static String lowerFirst(String s) {
        if (s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    /** UTF-8 text, or a problem naming the line of the first byte that is not UTF-8. */
    private static String decode(byte[] bytes, String name) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigException(name + ":" + line + ": invalid TOML: not UTF-8 text (byte "
                    + (in.position() + 1) + ")", line);
        }
        try {
            result = decoder.flush(out);
            if (result.isError()) {
                result.throwException();
            }
        } catch (CharacterCodingException e) {
            throw new ConfigException(name + ": invalid TOML: not UTF-8 text");
        }
        return out.flip().toString();
    }
}
