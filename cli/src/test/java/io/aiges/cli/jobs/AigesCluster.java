package io.aiges.cli.jobs;

import io.aiges.cli.EchoEngine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several aiges processes on loopback, each a real {@code java} child running the packaged
 * distribution ({@code aiges -m 0 -c aiges.toml}), serving the Java echo engine, all sharing one
 * Redis for their jobs. For the scale-out test and the jobs benchmark.
 */
public final class AigesCluster implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private AigesCluster(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts {@code count} processes and returns once each answers {@code /health/ready}.
     *
     * @param jobs       the {@code [jobs]} lines of every process's aiges.toml
     * @param jvmOptions extra options of every process's JVM
     */
    public static AigesCluster start(Path dir, int count, int licence, String jobs, String... jvmOptions)
            throws IOException, InterruptedException {
        AigesCluster cluster = new AigesCluster(dir);
        try {
            for (int i = 0; i < count; i++) {
                cluster.launch(i, licence, jobs, List.of(jvmOptions));
            }
            for (int i = 0; i < count; i++) {
                cluster.awaitReady(i);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void launch(int index, int licence, String jobs, List<String> jvmOptions) throws IOException {
        int port = freePort();
        Path home = Files.createDirectories(dir.resolve("aiges-" + index));
        Files.writeString(home.resolve("aiges.toml"), """
                [svcName]
                port = 0
                [engine]
                form = "java"
                class = "%s"
                [wrapper]
                http_listen = "127.0.0.1:%d"
                [fc]
                max = %d
                [log]
                level = "warn"
                [jobs]
                %s
                """.formatted(EchoEngine.class.getName(), port, licence, jobs));
        String java = ProcessHandle.current().info().command().orElse("java");
        String lib = Path.of(System.getProperty("aiges.dist.lib", "target/dist/lib")).toAbsolutePath() + "/*";
        // The test classes hold the echo engine, loaded by class name as a user's engine would be.
        String tests = Path.of(EchoEngine.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", lib + ":" + tests, "io.aiges.cli.Main", "-m", "0", "-c", "aiges.toml", "-s", "svcName"));
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectOutput(home.resolve("out.log").toFile())
                .redirectError(home.resolve("err.log").toFile())
                .start();
        processes.add(process);
        ports.add(port);
    }

    private void awaitReady(int index) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_LIMIT);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest ready = HttpRequest.newBuilder(uri(index, "/health/ready")).timeout(Duration.ofSeconds(2)).build();
            while (Instant.now().isBefore(deadline)) {
                if (!processes.get(index).isAlive()) {
                    throw new IllegalStateException("aiges " + index + " exited with " + processes.get(index).exitValue()
                            + ": " + output(index));
                }
                try {
                    if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("aiges " + index + " not ready within " + START_LIMIT + ": " + output(index));
    }

    /** A request for the echo engine: its answer's {@code echo_input} text is {@code text}; {@code sleepMs} slows it. */
    public static String echoRequest(String text, int sleepMs) {
        return """
                {"header": {"appid": "scale-out", "status": 3},
                 "parameter": {"svcName": {"sleepMs": %d}},
                 "payload": {"input": {"encoding": "utf8", "status": 3, "text": "%s"}}}"""
                .formatted(sleepMs, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    public int size() {
        return processes.size();
    }

    public URI uri(int index, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(index) + path);
    }

    public boolean isAlive(int index) {
        return processes.get(index).isAlive();
    }

    /** {@code kill -9}: no drain, no goodbye; its running jobs stay pending in Redis. */
    public void kill(int index) throws InterruptedException {
        processes.get(index).destroyForcibly();
        processes.get(index).waitFor(10, TimeUnit.SECONDS);
    }

    public String output(int index) throws IOException {
        Path home = dir.resolve("aiges-" + index);
        return "stdout:\n" + Files.readString(home.resolve("out.log")) + "\nstderr:\n" + Files.readString(home.resolve("err.log"));
    }

    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
