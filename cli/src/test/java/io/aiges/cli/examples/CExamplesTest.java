package io.aiges.cli.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.aiges.cli.examples.CExamples.CLOSED;
import static io.aiges.cli.examples.CExamples.json;
import static io.aiges.cli.examples.CExamples.post;
import static io.aiges.cli.examples.CExamples.textRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The C engines of {@code examples/c}, each built with its Makefile and served from its own
 * aiges.toml with {@code AIGES_PLUGIN_MODE=c}, over real HTTP and WebSocket.
 */
class CExamplesTest {
    private static final String SERVICE = "svcName";

    @TempDir
    Path dir;

    /** Every message of a WebSocket session, until the server closes it. */
    private static List<JsonNode> session(AigesServer server, List<String> frames) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        try (CExamples.Ws ws = new CExamples.Ws(server, "/v1/" + SERVICE)) {
            for (String frame : frames) {
                ws.send(frame);
            }
            for (String message = ws.next(); !message.equals(CLOSED); message = ws.next()) {
                messages.add(json(message));
            }
        }
        return messages;
    }

    /** A successful one-shot request's output at {@code pointer}. */
    private static String once(AigesServer server, String text, String pointer) throws Exception {
        HttpResponse<String> response = post(server, "/v1/" + SERVICE, textRequest(SERVICE, 3, text, ""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).at(pointer).asText();
    }

    @Test
    void echoAnswersOneShotRequestsAndSyncSessionsAndDescribesItsInputs() throws Exception {
        Path project = CExamples.build("echo", dir);
        try (AigesServer server = CExamples.serve(project, SERVICE)) {
            assertThat(once(server, "hello, echo", "/payload/text/text")).isEqualTo("hello, echo");

            List<JsonNode> messages = session(server, List.of(textRequest(SERVICE, 0, "one", ""),
                    textRequest(SERVICE, 1, "two", ""), textRequest(SERVICE, 2, "three", "")));
            assertThat(messages).extracting(m -> m.at("/payload/text/text").asText()).containsExactly("one", "two", "three");
            assertThat(messages.getLast().at("/header/status").asInt()).isEqualTo(2);

            JsonNode openApi = json(CExamples.get(server, "/openapi.json").body());
            assertThat(openApi.toString()).contains("any text; it comes back as it is").contains("the input, unchanged");
        }
    }

    /**
     * The acceptance: a plain C file with once, sessions and the async callback serves
     * POST /v1/svcName with AIGES_PLUGIN_MODE=c, and a session yields its partial and final
     * results in order, pushed from the engine's own thread.
     */
    @Test
    void streamingPushesPartialAndFinalResultsFromItsOwnThreadInOrder() throws Exception {
        Path project = CExamples.build("streaming", dir);
        try (AigesServer server = CExamples.serve(project, SERVICE)) {
            assertThat(once(server, "all at once", "/payload/result/text")).isEqualTo("final: all at once");

            for (int run = 0; run < 3; run++) {
                List<JsonNode> messages = session(server, List.of(textRequest(SERVICE, 0, "one ", ""),
                        textRequest(SERVICE, 1, "two ", ""), textRequest(SERVICE, 2, "three", "")));
                assertThat(messages).extracting(m -> m.at("/payload/result/text").asText())
                        .containsExactly("partial: one ", "partial: one two ", "final: one two three");
                assertThat(messages.getLast().at("/header/status").asInt()).isEqualTo(2);
                assertThat(messages.getLast().at("/payload/result/status").asText()).isEqualTo("2");
            }
        }
    }

    @Test
    void faultyFailsCleanlyAndItsCrashesCostOnlyTheRequest() throws Exception {
        Path project = CExamples.build("faulty", dir);
        try (AigesServer server = CExamples.serve(project, SERVICE)) {
            JsonNode ok = json(post(server, "/v1/" + SERVICE, textRequest(SERVICE, 3, "x", "")).body());
            assertThat(ok.at("/payload/result/text").asText()).isEqualTo("ok");

            JsonNode error = json(post(server, "/v1/" + SERVICE, textRequest(SERVICE, 3, "x", "\"fault\": \"error\"")).body());
            assertThat(error.at("/header/code").asInt()).isEqualTo(10909);
            assertThat(error.at("/header/message").asText()).isEqualTo("faulty: failed on request;code=4001");

            JsonNode badOutput = json(post(server, "/v1/" + SERVICE,
                    textRequest(SERVICE, 3, "x", "\"fault\": \"bad_output\"")).body());
            assertThat(badOutput.at("/header/code").asInt()).isEqualTo(10106);

            JsonNode badParam = json(post(server, "/v1/" + SERVICE,
                    textRequest(SERVICE, 3, "x", "\"fault\": \"hang\", \"hang_ms\": \"soon\"")).body());
            assertThat(badParam.at("/header/code").asInt()).as("hang_ms is declared an integer").isEqualTo(10107);

            JsonNode leak = json(post(server, "/v1/" + SERVICE,
                    textRequest(SERVICE, 3, "x", "\"fault\": \"leak\", \"leak_kb\": \"64\"")).body());
            assertThat(leak.at("/payload/result/text").asText()).isEqualTo("leaked 65536 bytes");

            for (String fault : List.of("crash", "abort")) {
                JsonNode crashed = json(post(server, "/v1/" + SERVICE,
                        textRequest(SERVICE, 3, "x", "\"fault\": \"" + fault + "\"")).body());
                assertThat(crashed.at("/header/code").asInt()).isEqualTo(10109);
                assertThat(crashed.at("/header/message").asText()).contains("native engine crashed");
                // A new child JVM is started at once; CrashIsolationTest times that. Here: it comes back.
                long crashedAt = System.nanoTime();
                JsonNode next;
                do {
                    Thread.sleep(50);
                    next = json(post(server, "/v1/" + SERVICE, textRequest(SERVICE, 3, "x", "")).body());
                } while (next.at("/header/code").asInt() != 0 && System.nanoTime() - crashedAt < 30_000_000_000L);
                assertThat(next.at("/payload/result/text").asText()).as("served again").isEqualTo("ok");
            }

            long start = System.nanoTime();
            JsonNode hang = json(post(server, "/v1/" + SERVICE,
                    textRequest(SERVICE, 3, "x", "\"fault\": \"hang\", \"hang_ms\": \"5000\"")).body());
            assertThat(hang.at("/header/code").asInt()).isEqualTo(10102);
            assertThat((System.nanoTime() - start) / 1_000_000).as("answered at the 2 s requestTimeout").isLessThan(4000);
        }
    }
}
