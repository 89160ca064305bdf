package io.aiges.cli;

import io.aiges.cli.examples.CExamples;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.aiges.cli.examples.CExamples.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code aiges create -n NAME --lang c}: a project that builds with its own make and headers, and serves. */
class CreateCProjectTest {
    @TempDir
    Path dir;

    @Test
    void aCreatedCProjectBuildsWithMakeAndServesAsItIs() throws Exception {
        Cli cli = Cli.run(dir, "create", "-n", "myengine", "--lang", "c");
        assertThat(cli.exit()).as(cli.err()).isZero();
        Path project = dir.resolve("myengine");
        assertThat(cli.out()).contains(project.toString()).contains("-s myengine");
        assertThat(project.resolve("include/aiges/wrapper.h")).isRegularFile();
        // Flat, as the original's engine sources include it; the Makefile passes -I include/aiges.
        assertThat(Files.readString(project.resolve("wrapper.c"))).contains("#include \"wrapper.h\"")
                .doesNotContain("aiges/wrapper.h");
        assertThat(Files.readString(project.resolve("Makefile"))).contains("AIGES_INCLUDE ?= include/aiges");
        assertThat(project.resolve("README.md")).isRegularFile();

        CExamples.make(project); // its own headers, nothing from aiges's sources
        try (AigesServer server = CExamples.serve(project, "myengine")) {
            HttpResponse<String> response = CExamples.post(server, "/v1/myengine",
                    CExamples.textRequest("myengine", 3, "made by aiges create", ""));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response.body()).at("/payload/text/text").asText()).isEqualTo("made by aiges create");
        }
    }
}
