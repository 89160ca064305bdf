package io.aiges.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the tables and keys of a TOML text are. Jackson's TOML tree keeps no positions, so an
 * error about a value ("{@code [fc] max} must be at least 1") would have no line; this scans the
 * text once, line by line, recording each {@code [table]} header and each {@code key =} line
 * under the table it belongs to.
 *
 * <p>It is a locator, not a parser: it only runs on text Jackson has accepted (or to explain a
 * duplicate key Jackson rejected), and it understands just enough TOML to not be fooled: quoted
 * and dotted keys, comments, strings containing {@code =} or {@code #}, and multi-line strings.
 */
final class TomlLineLocator {

    /** A {@code key =} line; {@code path} is the table path followed by the (dotted) key. */
    record Key(List<String> path, int line, int column) {
    }

    /** A key set twice, and the line where it was first set. */
    record Duplicate(Key again, int firstLine) {
    }

    private enum Multiline { NONE, BASIC, LITERAL }

    private final List<Key> keys = new ArrayList<>();
    private final Map<List<String>, Integer> tableLines = new HashMap<>();

    private TomlLineLocator() {
    }

    static TomlLineLocator of(String text) {
        TomlLineLocator locator = new TomlLineLocator();
        locator.scan(text.split("\r?\n", -1));
        return locator;
    }

    /** The line of {@code key} in {@code [section]} (also found as {@code section.key = } at the top). */
    OptionalInt lineOf(String section, String key) {
        return firstLineStartingWith(List.of(section, key));
    }

    /** The line of a root-level key, such as a value where a table was expected. */
    OptionalInt lineOf(String rootKey) {
        return firstLineStartingWith(List.of(rootKey));
    }

    /** The first key set twice in the same table, if any. */
    Optional<Duplicate> firstDuplicate() {
        Map<List<String>, Integer> seen = new HashMap<>();
        for (Key key : keys) {
            Integer first = seen.putIfAbsent(key.path(), key.line());
            if (first != null) {
                return Optional.of(new Duplicate(key, first));
            }
        }
        return Optional.empty();
    }

    private OptionalInt firstLineStartingWith(List<String> prefix) {
        Integer header = tableLines.get(prefix);
        if (header != null) {
            return OptionalInt.of(header);
        }
        for (Key key : keys) {
            if (key.path().size() >= prefix.size() && key.path().subList(0, prefix.size()).equals(prefix)) {
                return OptionalInt.of(key.line());
            }
        }
        return OptionalInt.empty();
    }

    private void scan(String[] lines) {
        List<String> table = List.of();
        int arrayTables = 0;
        Multiline open = Multiline.NONE;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (open != Multiline.NONE) {
                int end = closeMultiline(line, 0, open);
                open = end < 0 ? open : scanValue(line, end);
                continue;
            }
            int pos = skipSpace(line, 0);
            if (pos >= line.length() || line.charAt(pos) == '#') {
                continue;
            }
            if (line.startsWith("[[", pos)) {
                // Elements of an array of tables may repeat keys; give each element its own path.
                table = append(headerPath(line, pos + 2), "[" + (++arrayTables) + "]");
            } else if (line.charAt(pos) == '[') {
                table = headerPath(line, pos + 1);
                tableLines.putIfAbsent(table, lineNo);
            } else {
                ParsedKey key = parseKey(line, pos);
                int eq = key == null ? -1 : skipSpace(line, key.end());
                if (eq >= 0 && eq < line.length() && line.charAt(eq) == '=') {
                    List<String> path = new ArrayList<>(table);
                    path.addAll(key.parts());
                    keys.add(new Key(List.copyOf(path), lineNo, pos + 1));
                    open = scanValue(line, eq + 1);
                } else {
                    open = scanValue(line, pos);
                }
            }
        }
    }

    private static List<String> headerPath(String line, int from) {
        ParsedKey key = parseKey(line, from);
        return key == null ? List.of("\u0000invalid") : key.parts();
    }

    private static List<String> append(List<String> path, String part) {
        List<String> result = new ArrayList<>(path);
        result.add(part);
        return List.copyOf(result);
    }

    private record ParsedKey(List<String> parts, int end) {
    }

    /** A possibly dotted key ({@code a."b.c".'d'}) starting at {@code from}, or null. */
    private static ParsedKey parseKey(String line, int from) {
        List<String> parts = new ArrayList<>();
        int pos = from;
        while (true) {
            pos = skipSpace(line, pos);
            if (pos >= line.length()) {
                return null;
            }
            char c = line.charAt(pos);
            int end;
            String part;
            if (c == '"') {
                end = endOfBasicString(line, pos + 1);
                if (end < 0) {
                    return null;
                }
                part = unescape(line.substring(pos + 1, end - 1));
            } else if (c == '\'') {
                end = line.indexOf('\'', pos + 1) + 1;
                if (end == 0) {
                    return null;
                }
                part = line.substring(pos + 1, end - 1);
            } else {
                end = pos;
                while (end < line.length() && isBareKeyChar(line.charAt(end))) {
                    end++;
                }
                if (end == pos) {
                    return null;
                }
                part = line.substring(pos, end);
            }
            parts.add(part);
            pos = skipSpace(line, end);
            if (pos >= line.length() || line.charAt(pos) != '.') {
                return new ParsedKey(parts, end);
            }
            pos++;
        }
    }

    /** Skips a value (or the rest of any line), returning whether a multi-line string stays open. */
    private static Multiline scanValue(String line, int from) {
        int pos = from;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == '#') {
                return Multiline.NONE;
            } else if (line.startsWith("\"\"\"", pos)) {
                pos = closeMultiline(line, pos + 3, Multiline.BASIC);
                if (pos < 0) {
                    return Multiline.BASIC;
                }
            } else if (line.startsWith("'''", pos)) {
                pos = closeMultiline(line, pos + 3, Multiline.LITERAL);
                if (pos < 0) {
                    return Multiline.LITERAL;
                }
            } else if (c == '"') {
                pos = endOfBasicString(line, pos + 1);
                if (pos < 0) {
                    return Multiline.NONE;
                }
            } else if (c == '\'') {
                int close = line.indexOf('\'', pos + 1);
                if (close < 0) {
                    return Multiline.NONE;
                }
                pos = close + 1;
            } else {
                pos++;
            }
        }
        return Multiline.NONE;
    }

    /** The index just after the closing delimiter of an open multi-line string, or -1. */
    private static int closeMultiline(String line, int from, Multiline kind) {
        if (kind == Multiline.LITERAL) {
            int close = line.indexOf("'''", from);
            return close < 0 ? -1 : close + 3;
        }
        for (int pos = from; pos < line.length(); pos++) {
            char c = line.charAt(pos);
            if (c == '\\') {
                pos++;
            } else if (line.startsWith("\"\"\"", pos)) {
                return pos + 3;
            }
        }
        return -1;
    }

    /** The index just after the closing quote of a one-line basic string, or -1. */
    private static int endOfBasicString(String line, int from) {
        for (int pos = from; pos < line.length(); pos++) {
            char c = line.charAt(pos);
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                return pos + 1;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u', 'U' -> {
                    int len = e == 'u' ? 4 : 8;
                    long codePoint = isHex(s, i + 1, len) ? Long.parseLong(s, i + 1, i + 1 + len, 16) : -1;
                    if (codePoint >= 0 && codePoint <= Character.MAX_CODE_POINT) {
                        out.appendCodePoint((int) codePoint);
                        i += len;
                    } else {
                        out.append('\\').append(e);
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int len) {
        if (from + len > s.length()) {
            return false;
        }
        for (int i = from; i < from + len; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBareKeyChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static int skipSpace(String line, int from) {
        int pos = from;
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }
}
