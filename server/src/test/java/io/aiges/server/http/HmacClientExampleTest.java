package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
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
import java.nio.file.Path;
import java.time.Duration;
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

    /** Run as the docs say, it POSTs the body file and prints the answer (here a server with auth off). */
    @Test
    void itPostsTheBodyFile() throws Exception {
        EngineSpec mnist = new EngineSpec(TestServer.SERVICE, "onnx", "builtin:mnist", null, Map.of(), Path.of("."));
        try (TestServer server = TestServer.start(mnist, new PoolConfig(1, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 1 << 20)) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process process = new ProcessBuilder(java, SOURCE.toString(), "http://127.0.0.1:" + server.port() + "/v1/svcName",
                    NAME, SECRET, Path.of("..", "fixtures", "mnist-seed-request.json").toString())
                    .redirectErrorStream(true).start();
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("example finished").isTrue();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as(output).isZero();
                assertThat(output).startsWith("200\n");
                JsonNode answer = new ObjectMapper().readTree(output.substring("200\n".length()));
                assertThat(answer.at("/header/code").asInt()).isZero();
                assertThat(answer.at("/payload/result/text").asText()).contains("\"result\": 7");
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
