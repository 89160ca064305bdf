package io.aiges.cli.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import io.aiges.config.HttpConfig;
import io.aiges.server.AigesServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a user of a C example does, for tests: copy the folder, run {@code make}, serve its
 * {@code aiges.toml} with {@code AIGES_PLUGIN_MODE=c} (on a free loopback port), and talk to it
 * with real HTTP and WebSocket clients.
 */
public final class CExamples {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    public static final String CLOSED = "<closed>";

    private CExamples() {
    }

    /** Copies {@code examples/c/<name>} into {@code dir} and builds it with its Makefile. */
    public static Path build(String name, Path dir) throws IOException, InterruptedException {
        Path project = dir.resolve(name);
        Path source = REPO.resolve("examples/c").resolve(name);
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(project);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, project.resolve(file.getFileName()));
            }
        }
        make(project, "AIGES_INCLUDE=" + REPO.resolve("include"));
        return project;
    }

    public static void make(Path project, String... variables) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("make", "-s", "-C", project.toString()));
        command.addAll(List.of(variables));
        Process make = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!make.waitFor(60, TimeUnit.SECONDS) || make.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    /** Serves {@code project/aiges.toml} as {@code aiges -m 0 -c aiges.toml -s service} would, on a free loopback port. */
    public static AigesServer serve(Path project, String service) throws Exception {
        AigesConfig fromFile = new ConfigLoader(Map.of(ConfigLoader.PLUGIN_MODE_ENV, "c"), warning -> {
            throw new AssertionError("the example's aiges.toml has a warning: " + warning);
        }).load(project.resolve("aiges.toml"), service);
        return AigesServer.start(new AigesConfig(fromFile.source(), fromFile.service(),
                new HttpConfig("127.0.0.1", 0, fromFile.http().maxBodyBytes())));
    }

    /** An HTTP request body with one text input and string parameters. */
    public static String textRequest(String service, int status, String text, String params) {
        return """
                {"header": {"appid": "1", "status": %d},
                 "parameter": {"%s": {%s}},
                 "payload": {"text": {"encoding": "utf8", "status": %d, "text": "%s"}}}"""
                .formatted(status, service, params, status,
                        Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static HttpResponse<String> post(AigesServer server, String path, String body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    public static HttpResponse<String> get(AigesServer server, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    public static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** A JDK WebSocket client that queues the server's text messages, then {@link #CLOSED}. */
    static final class Ws implements AutoCloseable, WebSocket.Listener {
        private final HttpClient client = HttpClient.newHttpClient();
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Ws(AigesServer server, String path) {
            socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + path), this).join();
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        /** The next message, or {@link #CLOSED}; fails after 10 s of silence. */
        String next() throws InterruptedException {
            String message = received.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("nothing from the server for 10 s");
            }
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(CLOSED);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(CLOSED);
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
            }
            client.close();
        }
    }
}
