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
 * The packaged distribution serving the embedded MNIST model as its own process, from the file
 * {@code aiges -init} writes (listening on free loopback ports, with {@code extraToml} added),
 * so that its resident memory can be read from {@code /proc} as an operator would see it.
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

    /**
     * @param extraToml lines appended to the sections of the default file, by section name
     *                  (e.g. {@code aiges} -> {@code bodyTimeout = 2000})
     */
    static ServedDemo start(Path dir, java.util.Map<String, String> extraToml) throws Exception {
        Process init = java(dir, "init", List.of(), "-init");
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            throw new IllegalStateException("aiges -init failed: " + Files.readString(dir.resolve("init.err")));
        }
        int http = freePort();
        int grpc = freePort();
        Path toml = dir.resolve("aiges.toml");
        String text = Files.readString(toml)
                .replace("http_listen = \"0.0.0.0:1888\"", "http_listen = \"127.0.0.1:" + http + "\"")
                .replace("port = 5090 ", "port = " + grpc + " ")
                .replace("host = \"0.0.0.0\"", "host = \"127.0.0.1\"");
        for (var section : extraToml.entrySet()) {
            for (String line : section.getValue().split("\n")) {
                text = set(text, section.getKey(), line);
            }
        }
        Files.writeString(toml, text);
        Process server = java(dir, "serve", List.of(), "-m", "0", "-c", "aiges.toml", "-s", "svcName");
        ServedDemo demo = new ServedDemo(dir, server, http, grpc);
        demo.awaitPing();
        return demo;
    }

    /** {@code text} with {@code line} ({@code key = value}) set in {@code section}: replaced where the key is, else added. */
    private static String set(String text, String section, String line) {
        String key = line.substring(0, line.indexOf('=')).strip();
        // The default file's section lines carry comments: "[aiges]     # the framework".
        java.util.regex.Matcher header = java.util.regex.Pattern.compile("(?m)^\\[" + section + "\\].*$").matcher(text);
        if (!header.find()) {
            return text + "\n[" + section + "]\n" + line + "\n";
        }
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("(?m)^\\[").matcher(text);
        int end = next.find(header.end()) ? next.start() : text.length();
        String body = text.substring(header.end(), end);
        java.util.regex.Matcher existing = java.util.regex.Pattern
                .compile("(?m)^" + java.util.regex.Pattern.quote(key) + "\\s*=.*$").matcher(body);
        body = existing.find() ? body.substring(0, existing.start()) + line + body.substring(existing.end())
                : "\n" + line + body;
        return text.substring(0, header.end()) + body + text.substring(end);
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
