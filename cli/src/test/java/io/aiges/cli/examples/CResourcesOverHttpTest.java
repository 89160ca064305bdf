package io.aiges.cli.examples;

import io.aiges.server.AigesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.aiges.cli.examples.CExamples.json;
import static io.aiges.cli.examples.CExamples.post;
import static io.aiges.cli.examples.CExamples.textRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personalisation resources from aiges.toml to the engine and a request's psrIds back, over
 * HTTP: the resource test engine answers "id=content;" for each id the request names.
 */
class CResourcesOverHttpTest {
    @TempDir
    Path dir;

    @Test
    void resourcesNamedInTheConfigAreLoadedAndRequestsUseThemByPsrIds() throws Exception {
        Process gcc = new ProcessBuilder(List.of("gcc", "-shared", "-fPIC", "-O1", "-pthread",
                "-I", CExamples.REPO.resolve("include").toString(),
                CExamples.REPO.resolve("plugin-native/src/test/c/resource_engine.c").toString(),
                "-o", dir.resolve("libwrapper.so").toString())).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0).as(output).isTrue();
        Files.writeString(dir.resolve("hotwords.txt"), "hello");
        Files.writeString(dir.resolve("aiges.toml"), """
                [svcName]
                [engine]
                form = "c"
                [engine.resources]
                7 = "hotwords.txt"
                [engine.params.psrIds]
                description = "personalisation resources to use, comma-separated ids"
                """);

        try (AigesServer server = CExamples.serve(dir, "svcName")) {
            String answer = post(server, "/v1/svcName", textRequest("svcName", 3, "x", "\"psrIds\": \"7,8\"")).body();
            assertThat(json(answer).at("/payload/result/text").asText()).as(answer).isEqualTo("7=hello;8=?;");
            String bad = post(server, "/v1/svcName", textRequest("svcName", 3, "x", "\"psrIds\": \"-1\"")).body();
            assertThat(json(bad).at("/header/code").asInt()).as(bad).isEqualTo(10107);
            assertThat(CExamples.get(server, "/openapi.json").body()).contains("personalisation resources to use");
        }
    }
}
