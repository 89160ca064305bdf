package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SIGTERM while clients keep the service busy, on the packaged distribution serving a Python
 * engine: every request the server accepted is answered (its result, or the clean 10110 of a
 * draining service), none is cut off; the process exits 0 and leaves no worker process behind.
 * The clients behave as a load balancer does: once told the service is stopping, they stop
 * sending to it.
 */
class ShutdownUnderLoadIT {
    private static final int CLIENTS = 12;
    private static final int ENGINE_MS = 150;

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigtermUnderLoadAnswersEveryAcceptedRequestExitsZeroAndLeavesNoChild() throws Exception {
        int port = freePort();
        writeProject(port);
        Process server = aiges("-m", "0", "-c", "aiges.toml", "-s", "svcName");
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            awaitPing(server, port);
            List<ProcessHandle> children = server.toHandle().descendants().toList();
            assertThat(children).as("the Python workers").hasSizeGreaterThanOrEqualTo(4);

            AtomicBoolean stopping = new AtomicBoolean();
            AtomicLong sigtermAt = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger okAfterSigterm = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger neverAccepted = new AtomicInteger();
            Map<String, Integer> otherAnswers = new ConcurrentHashMap<>();
            List<String> lost = new CopyOnWriteArrayList<>();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/svcName"))
                    .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(requestBody())).build();
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    while (!stopping.get()) {
                        try {
                            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                            int code = json.readTree(answer.body()).at("/header/code").asInt(-1);
                            if (code == 0) {
                                ok.incrementAndGet();
                                if (System.nanoTime() > sigtermAt.get()) {
                                    okAfterSigterm.incrementAndGet();
                                }
                            } else if (code == 10110 && answer.statusCode() == 503) {
                                refused.incrementAndGet();
                                return; // told the service is stopping: send elsewhere
                            } else {
                                otherAnswers.merge(answer.statusCode() + " " + answer.body(), 1, Integer::sum);
                            }
                        } catch (ConnectException notListening) {
                            neverAccepted.incrementAndGet();
                            return;
                        } catch (IOException cutOff) {
                            lost.add(cutOff.toString());
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    return;
                });
            }
            // Let the load settle: every instance busy and requests queued.
            Instant warm = Instant.now().plusSeconds(30);
            while (ok.get() < 2 * CLIENTS && Instant.now().isBefore(warm)) {
                Thread.sleep(50);
            }
            assertThat(ok.get()).as("requests served before SIGTERM; %s", output()).isGreaterThanOrEqualTo(2 * CLIENTS);

            sigtermAt.set(System.nanoTime());
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(40, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            stopping.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(40, TimeUnit.SECONDS)).isTrue();

            assertThat(server.exitValue()).as("exit code after SIGTERM; %s", output()).isZero();
            assertThat(lost).as("requests cut off without an answer").isEmpty();
            assertThat(otherAnswers).as("answers other than a result or 10110").isEmpty();
            assertThat(okAfterSigterm.get()).as("requests in flight at SIGTERM that still got their result")
                    .isPositive();
            assertThat(refused.get() + neverAccepted.get()).as("every client learnt that the service stopped")
                    .isEqualTo(CLIENTS);
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("worker %d still running", child.pid()).isFalse();
            }
            assertThat(output()).contains("stopping: draining", "stopped");
        } finally {
            clients.shutdownNow();
            server.destroyForcibly();
        }
    }

    /** A Python engine that takes {@link #ENGINE_MS} per request, served by four workers. */
    private void writeProject(int port) throws Exception {
        Process init = aiges("-init");
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as("-init; %s", output()).isZero();
        Files.createDirectories(dir.resolve("wrapper"));
        Files.writeString(dir.resolve("wrapper/wrapper.py"), """
                import time
                from aiges.dto import Response, ResponseData
                from aiges.sdk import WrapperBase

                class Wrapper(WrapperBase):
                    serviceId = "slow"

                    def wrapperInit(self, config):
                        return 0

                    def wrapperOnceExec(self, params, reqData):
                        time.sleep(%d / 1000)
                        item = ResponseData()
                        item.key = "echo"
                        item.setData(reqData.list[0].data)
                        res = Response()
                        res.list = [item]
                        return res
                """.formatted(ENGINE_MS));
        Path toml = dir.resolve("aiges.toml");
        String text = Files.readString(toml)
                .replace("http_listen = \"127.0.0.1:1888\"", "http_listen = \"127.0.0.1:" + port + "\"")
                .replace("port = 5090 ", "port = 0 ")
                .replace("form = \"onnx\"", "form = \"python\"")
                .replace("wrapper = \"wrapper.py\"", "wrapper = \"wrapper/wrapper.py\"")
                .replace("drainTimeout = 20000", "drainTimeout = 15000")
                .replace("file = \"./log/aiges.log\"", "file = \"\"");
        assertThat(text).contains("form = \"python\"", "wrapper = \"wrapper/wrapper.py\"", "drainTimeout = 15000");
        Files.writeString(toml, text);
    }

    private static String requestBody() {
        return """
                {"header": {"app_id": "123456", "status": 3},
                 "parameter": {"svcName": {}},
                 "payload": {"data": {"encoding": "raw", "status": 3, "text": "aGVsbG8="}}}""";
    }

    private Process aiges(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path lib = Path.of(System.getProperty("aiges.dist.lib", "target/dist/lib")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", lib + "/*", "io.aiges.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("aiges.out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("aiges.err").toFile()));
        builder.environment().remove("AIGES_PLUGIN_MODE");
        return builder.start();
    }

    private void awaitPing(Process server, int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(120);
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                fail("aiges exited with " + server.exitValue() + "; " + output());
            }
            try {
                http.send(ping, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("aiges did not answer /ping; " + output());
    }

    private String output() {
        try {
            return "stdout:\n" + Files.readString(dir.resolve("aiges.out"))
                    + "\nstderr (tail):\n" + tail(Files.readString(dir.resolve("aiges.err")));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
