package io.aiges.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core knows no transport: {@code engine} and {@code api} main code names nothing of Vert.x,
 * gRPC, Netty or Jackson, in an import or written out in full. Protocols are the front-ends'
 * (server) and settings files the config module's; a core that imports them can no longer be
 * used, tested or reasoned about without them.
 */
class TransportFreeTest {
    /** A reference to a transport or JSON library's package, imported or fully qualified. */
    private static final Pattern TRANSPORT = Pattern.compile("\\b(io\\.vertx|io\\.grpc|io\\.netty|com\\.fasterxml)\\.");
    /** Run from engine/ by surefire; api is its sibling. */
    private static final List<Path> MAIN_SOURCES = List.of(Path.of("src/main/java"), Path.of("../api/src/main/java"));

    @Test
    void engineAndApiMainCodeNameNoTransportLibrary() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : MAIN_SOURCES) {
            assertThat(root).as("main sources of engine and api, seen from " + Path.of("").toAbsolutePath())
                    .isDirectory();
            found.addAll(references(root));
        }
        assertThat(found).as("engine and api must not use Vert.x, gRPC, Netty or Jackson: move the code to server"
                + " (a protocol) or config (a settings file)").isEmpty();
    }

    /** Finds what the scan is for: proof that the check is not blind. */
    @Test
    void theScanSeesAnImportAndAFullyQualifiedName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("A.java"), "package x;\nimport io.vertx.core.Vertx;\nclass A {\n"
                + "  Object o = new com.fasterxml.jackson.databind.ObjectMapper();\n  String s = \"io.vertxx\";\n}\n");
        assertThat(references(dir)).containsExactly(dir.resolve("A.java") + ":2: import io.vertx.core.Vertx;",
                dir.resolve("A.java") + ":4: Object o = new com.fasterxml.jackson.databind.ObjectMapper();");
    }

    /** Every line of the .java files under {@code root} that names a transport package, as file:line: text. */
    static List<String> references(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = TRANSPORT.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        return found;
    }
}
