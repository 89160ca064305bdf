package io.aiges.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged distribution run as the user runs it: {@code aiges ARGS} as a process of its own in
 * {@code dir}, with the test's JVM, the environment of the test plus {@code env} (without the
 * test's own {@code AIGES_PLUGIN_MODE}), and stdout and stderr in {@code NAME.out} and {@code NAME.err}.
 */
record PackagedAiges(Path dir, Map<String, String> env) {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    Process start(String logName, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path lib = Path.of(System.getProperty("aiges.dist.lib", "target/dist/lib")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", lib + "/*", "io.aiges.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve(logName + ".out").toFile())
                .redirectError(dir.resolve(logName + ".err").toFile());
        builder.environment().remove("AIGES_PLUGIN_MODE");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits until GET /ping gets any HTTP answer; fails at once, with its output, if the server exits. */
    void awaitPing(Process server, String logName, int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_LIMIT);
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                fail("aiges exited with " + server.exitValue() + " before answering; " + output(logName));
            }
            try {
                http.send(ping, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("aiges did not answer GET /ping within " + START_LIMIT + "; " + output(logName));
    }

    /** Waits up to 10 s for {@code text} on the process's stdout: the listener answers a moment before the serving line. */
    void awaitOutput(String logName, String text) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Files.readString(dir.resolve(logName + ".out")).contains(text) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(dir.resolve(logName + ".out"))).as(output(logName)).contains(text);
    }

    String output(String logName) throws IOException {
        return "stdout:\n" + Files.readString(dir.resolve(logName + ".out"))
                + "\nstderr:\n" + Files.readString(dir.resolve(logName + ".err"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
