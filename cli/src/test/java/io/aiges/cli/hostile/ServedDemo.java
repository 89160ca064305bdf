package io.aiges.cli.hostile;

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
import java.util.concurrent.TimeUnit;

/**
 * The packaged distribution running {@code aiges demo} as its own process (the embedded MNIST
 * model as service {@code svcName} and OIP model {@code mnist}, every other setting its
 * default), so that its resident memory can be read from {@code /proc} as an operator would.
 */
final class ServedDemo implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final Path dir;
    private final Process process;
    final int httpPort;
    final int grpcPort;

    private ServedDemo(Path dir, Process process, int httpPort, int grpcPort) {
        this.dir = dir;
        this.process = process;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /** {@code aiges demo} with its defaults, on free loopback ports: what a user starts first. */
    static ServedDemo demo(Path dir) throws Exception {
        int http = freePort();
        int grpc = freePort();
        Process server = java(dir, "serve", List.of(), "demo", "--port", Integer.toString(http), "--grpc-port",
                Integer.toString(grpc));
        ServedDemo demo = new ServedDemo(dir, server, http, grpc);
        demo.awaitPing();
        return demo;
    }

    private static Process java(Path dir, String logName, List<String> jvmOptions, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path lib = Path.of(System.getProperty("aiges.dist.lib", "target/dist/lib")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", lib + "/*", "io.aiges.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(logName + ".out").toFile())
                .redirectError(dir.resolve(logName + ".err").toFile());
        builder.environment().remove("AIGES_PLUGIN_MODE");
        return builder.start();
    }

    private void awaitPing() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("aiges exited with " + process.exitValue() + ": " + output());
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ping"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("aiges did not answer /ping within " + START_LIMIT + ": " + output());
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The server process's resident memory in MiB, as {@code /proc/PID/status} says. */
    long rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    String output() throws IOException {
        return "stdout:\n" + tail(dir.resolve("serve.out")) + "\nstderr:\n" + tail(dir.resolve("serve.err"));
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String text = Files.readString(file);
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    /** SIGTERM, as an orchestrator stops it; true when it ended by itself within {@code wait}. */
    boolean stop(Duration wait) throws InterruptedException {
        process.destroy();
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
