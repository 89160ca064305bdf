package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.AuthConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/examples/HmacClient.java signs as docs/security.md's worked example says, value by value,
 * and sends what it signed.
 */
class HmacClientExampleTest {
    private static final Path SOURCE = Path.of("..", "docs", "examples", "HmacClient.java");
    private static final String NAME = "docs-client";
    private static final String SECRET = "docs-example-secret-0123456789";
    private static final String DATE = "Wed, 02 Dec 2026 08:00:00 GMT";
    private static final String SIGNED = "host: localhost:1888\ndate: Wed, 02 Dec 2026 08:00:00 GMT\nPOST /v1/svcName HTTP/1.1";
    private static final String SIG = "0oypsAIycwRcuS/VIhq4KpU/PX6JJNazE8C5DNip1tQ=";
    private static final String PARAMS = "api_key=\"docs-client\", algorithm=\"hmac-sha256\", "
            + "headers=\"host date request-line\", signature=\"0oypsAIycwRcuS/VIhq4KpU/PX6JJNazE8C5DNip1tQ=\"";
    private static final String AUTHORIZATION = "YXBpX2tleT0iZG9jcy1jbGllbnQiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVh"
            + "ZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iMG95cHNBSXljd1JjdVMvVklocTRLcFUvUFg2SkpOYXpFOEM1RE5p"
            + "cDF0UT0i";

    private static Class<?> client;

    @BeforeAll
    static void compile(@TempDir Path classes) throws Exception {
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                SOURCE.toString());
        assertThat(status).as("javac %s", SOURCE).isZero();
        client = new URLClassLoader(new URL[]{classes.toUri().toURL()}).loadClass("HmacClient");
    }

    private static Object call(String method, Class<?>[] types, Object... args) throws Exception {
        Method m = client.getMethod(method, types);
        return m.invoke(null, args);
    }

    @Test
    void everyValueOfTheWorkedExample() throws Exception {
        Class<?>[] strings4 = {String.class, String.class, String.class, String.class};
        assertThat(call("stringToSign", strings4, "localhost:1888", DATE, "POST", "/v1/svcName")).isEqualTo(SIGNED);
        assertThat(call("signature", new Class<?>[]{String.class, String.class}, SECRET, SIGNED)).isEqualTo(SIG);
        assertThat(call("authorizationParams", new Class<?>[]{String.class, String.class}, NAME, SIG)).isEqualTo(PARAMS);
        Object signed = call("sign", new Class<?>[]{String.class, String.class, String.class, URI.class, String.class},
                NAME, SECRET, "POST", URI.create("http://localhost:1888/v1/svcName?ignored=1"), DATE);
        assertThat(signed.toString()).isEqualTo("Signed[host=localhost:1888, date=" + DATE + ", authorization="
                + AUTHORIZATION + "]");
        assertThat(call("now", new Class<?>[0]).toString())
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }

    @Test
    void theWebSocketUrlCarriesTheValuesInItsQuery() throws Exception {
        String url = (String) call("signedWebSocketUrl", new Class<?>[]{URI.class, String.class, String.class, String.class},
                URI.create("ws://localhost:1888/v1/svcName"), NAME, SECRET, DATE);
        assertThat(url).startsWith("ws://localhost:1888/v1/svcName?host=localhost%3A1888"
                + "&date=Wed%2C%2002%20Dec%202026%2008%3A00%3A00%20GMT&authorization=");
    }

    /**
     * Run as the docs say against a server with {@code [auth] mode = "hmac"}: the JDK example and
     * the Python SDK's {@code python3 -m aiges sign} each POST the seed request and get 7; signed
     * with a date ten minutes old, the server refuses it (401, 10401).
     */
    @Test
    void bothShippedClientsAreServedAndAStaleDateIsNot(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, NAME + ":" + SECRET + "\n");
        EngineSpec mnist = new EngineSpec(TestServer.SERVICE, "onnx", "builtin:mnist", null, Map.of(), Path.of("."));
        AigesConfig config = new AigesConfig(null, new ServiceConfig(TestServer.SERVICE, mnist,
                new PoolConfig(1, 10, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, 1 << 20, 1)).withAuth(new AuthConfig(AuthConfig.Mode.HMAC, keys, false));
        String seed = Path.of("..", "fixtures", "mnist-seed-request.json").toString();
        try (AigesServer server = AigesServer.start(config)) {
            String url = "http://127.0.0.1:" + server.httpPort() + "/v1/svcName";
            String java = ProcessHandle.current().info().command().orElseThrow();
            assertSeven(run(new ProcessBuilder(java, SOURCE.toString(), url, NAME, SECRET, seed), 0));

            ProcessBuilder python = new ProcessBuilder("/usr/bin/python3", "-m", "aiges", "sign", url, NAME, SECRET,
                    "--body", seed);
            python.environment().put("PYTHONPATH", Path.of("..", "plugin-python", "src", "main", "python")
                    .toAbsolutePath().normalize().toString());
            assertSeven(run(python, 0));

            String stale = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(10));
            String refused = run(new ProcessBuilder(java, SOURCE.toString(), "--date", stale, url, NAME, SECRET, seed), 1);
            assertThat(refused).startsWith("401\n").contains("10401");
        }
    }

    private static String run(ProcessBuilder builder, int expectedExit) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("client finished").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isEqualTo(expectedExit);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private static void assertSeven(String output) throws Exception {
        assertThat(output).startsWith("200\n");
        JsonNode answer = new ObjectMapper().readTree(output.substring("200\n".length()));
        assertThat(answer.at("/header/code").asInt()).isZero();
        assertThat(answer.at("/payload/result/text").asText()).contains("\"result\": 7");
    }
}
