package io.aiges.plugin.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container file checked without building it: its lines joined at trailing backslashes, each
 * instruction one that Docker and Podman know, {@code FROM} first (after {@code ARG}s), every
 * {@code COPY} source present in the build folder, {@code CMD} in JSON form.
 */
record Containerfiles(List<Instruction> instructions) {
    private static final Set<String> KNOWN = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
    private static final Pattern JSON_ARRAY = Pattern.compile("\\[\\s*(\"[^\"]*\"\\s*(,\\s*\"[^\"]*\"\\s*)*)?]");
    private static final Pattern JSON_STRING = Pattern.compile("\"([^\"]*)\"");

    record Instruction(String keyword, String arguments) {
    }

    /** The file's instructions; problems throw with the line that has them. */
    static Containerfiles check(Path file) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (pending.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String whole = pending.append(line).toString().strip();
            pending.setLength(0);
            String[] parts = whole.split("\\s+", 2);
            if (!KNOWN.contains(parts[0]) || parts.length < 2) {
                throw new IllegalArgumentException("not an instruction: " + whole);
            }
            instructions.add(new Instruction(parts[0], parts[1]));
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("the file ends in a continued line: " + pending);
        }
        Instruction first = instructions.stream().filter(i -> !i.keyword().equals("ARG")).findFirst().orElseThrow();
        if (!first.keyword().equals("FROM")) {
            throw new IllegalArgumentException("the first instruction is " + first + ", not FROM");
        }
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("COPY") && !instruction.arguments().startsWith("--from")) {
                String[] paths = instruction.arguments().split("\\s+");
                for (int i = 0; i < paths.length - 1; i++) {
                    if (!Files.exists(file.resolveSibling(paths[i]))) {
                        throw new IllegalArgumentException("COPY " + paths[i] + ": not in " + file.getParent());
                    }
                }
            }
            if (instruction.keyword().equals("CMD") && !JSON_ARRAY.matcher(instruction.arguments()).matches()) {
                throw new IllegalArgumentException("CMD is not a JSON array: " + instruction.arguments());
            }
        }
        return new Containerfiles(List.copyOf(instructions));
    }

    /** The arguments of the last {@code CMD}, from its JSON form. */
    List<String> command() {
        Instruction cmd = instructions.reversed().stream().filter(i -> i.keyword().equals("CMD")).findFirst().orElseThrow();
        List<String> words = new ArrayList<>();
        Matcher word = JSON_STRING.matcher(cmd.arguments());
        while (word.find()) {
            words.add(word.group(1));
        }
        return words;
    }
}
