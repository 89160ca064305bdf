package io.aiges.server.grpc;

import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OutputSpec;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code aiges.v1.Aiges/Stream}: streaming sessions over a real loopback connection against the Java example engine. */
class GrpcStreamTest {
    private static TestServer server(int licence, SessionConfig sessions) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, RunningTextEngine.class.getName(),
                Map.of(), Path.of("."));
        return TestServer.withGrpc(spec, new PoolConfig(licence, 0, Duration.ZERO), Duration.ofSeconds(10), 1 << 20, sessions);
    }

    private static StreamRequest frame(DataStatus status, String text) {
        return StreamRequest.newBuilder().setService(TestServer.SERVICE).setStatus(status)
                .addInputs(DataItem.newBuilder().setKey("text").setType(DataType.TEXT).setStatus(status)
                        .setData(ByteString.copyFromUtf8(text)).putDescriptors("encoding", "utf8"))
                .build();
    }

    private static StreamRequest frame(DataStatus status, String text, String delayMs) {
        return frame(status, text).toBuilder().putParams("delayMs", delayMs).build();
    }

    private static String text(StreamResponse response) {
        return response.getOutputs(0).getData().toStringUtf8();
    }

    private static void awaitIdle(TestServer server, int licence) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().services().get(TestServer.SERVICE).pool().idleCount() < licence) {
            assertThat(System.nanoTime()).as("instance returned to the pool").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(server.server().services().get(TestServer.SERVICE).sessions().size()).isZero();
    }

    @Test
    void framesGetRunningResultsAndTheLastOneEndsTheCall() throws Exception {
        try (TestServer server = server(2, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers call = client.stream();
            call.send(frame(DataStatus.BEGIN, "hello "));
            StreamResponse first = call.next();
            assertThat(first.getHeader().getCode()).isZero();
            assertThat(first.getHeader().getStatus()).isEqualTo(DataStatus.CONTINUE);
            assertThat(text(first)).isEqualTo("hello ");
            String sid = first.getHeader().getSid();
            call.send(frame(DataStatus.CONTINUE, "streaming "));
            StreamResponse second = call.next();
            assertThat(text(second)).isEqualTo("hello streaming ");
            assertThat(second.getHeader().getSid()).isEqualTo(sid);
            call.send(frame(DataStatus.END, "world"));
            StreamResponse last = call.next();
            assertThat(last.getHeader().getStatus()).isEqualTo(DataStatus.END);
            assertThat(text(last)).isEqualTo("hello streaming world");
            assertThat(last.getOutputs(0).getDescriptorsMap()).containsEntry("status", "2");
            assertThat(call.end().status().isOk()).as("the server completes the call").isTrue();
            call.requests.onCompleted();
            awaitIdle(server, 2);
            String scrape = server.get("/metrics").body();
            assertThat(scrape).contains(
                    "aiges_session_frames_total{frontend=\"grpc\",service=\"svcName\"} 3.0",
                    "aiges_sessions_seconds_count{code=\"0\",frontend=\"grpc\",service=\"svcName\"} 1");
        }
    }

    @Test
    void aFastClientGetsEveryResultInOrder() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers call = client.stream();
            StringBuilder expected = new StringBuilder();
            call.send(frame(DataStatus.BEGIN, "0 ", "5"));
            expected.append("0 ");
            for (int i = 1; i < 20; i++) {
                call.send(frame(DataStatus.CONTINUE, i + " "));
                expected.append(i).append(' ');
            }
            call.send(frame(DataStatus.END, "."));
            call.requests.onCompleted();
            String running = "";
            for (int i = 0; i < 20; i++) {
                String next = text(call.next());
                assertThat(next).as("each result extends the one before").startsWith(running);
                running = next;
            }
            assertThat(running).isEqualTo(expected.toString());
            StreamResponse last = call.next();
            assertThat(text(last)).isEqualTo(expected + ".");
            assertThat(call.end().status().isOk()).isTrue();
            awaitIdle(server, 1);
        }
    }

    /**
     * The server reads the next message only after the engine took the previous one, so a client
     * sending faster than a slow engine runs out of HTTP/2 window (about 1 MB) and is held back;
     * read eagerly, it would have pushed hundreds of frames into the server's memory meanwhile.
     */
    @Test
    void aClientFasterThanTheEngineIsHeldBackNotBuffered() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers call = client.stream();
            String chunk = "x".repeat(64 * 1024);
            call.send(frame(DataStatus.BEGIN, chunk, "1000"));
            int sent = 1;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < until) {
                if (call.requests.isReady()) {
                    call.send(frame(DataStatus.CONTINUE, chunk));
                    sent++;
                } else {
                    Thread.sleep(1);
                }
            }
            assertThat(sent).as("64 KB frames the client could send in 1.5 s").isBetween(2, 60);
            call.requests.cancel("enough", null);
            awaitIdle(server, 1);
        }
    }

    @Test
    void aSilentClientIsTimedOutWith10114AndItsInstanceFreed() throws Exception {
        SessionConfig quick = new SessionConfig(Duration.ofMillis(300), Duration.ofSeconds(180), true);
        try (TestServer server = server(1, quick); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers call = client.stream();
            call.send(frame(DataStatus.BEGIN, "then nothing"));
            assertThat(call.next().getHeader().getCode()).isZero();
            GrpcClient.Answers.End end = call.end();
            assertThat(end.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(end.code()).isEqualTo("10114");
            assertThat(end.status().getDescription()).contains("readTimeout");
            awaitIdle(server, 1);
        }
    }

    @Test
    void aClientThatCancelsMidSessionFreesTheInstance() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers call = client.stream();
            call.send(frame(DataStatus.BEGIN, "half", "200"));
            assertThat(text(call.next())).isEqualTo("half");
            assertThat(server.server().services().get(TestServer.SERVICE).pool().idleCount()).isZero();
            call.send(frame(DataStatus.CONTINUE, "way"));
            call.requests.cancel("the user hung up while the engine works", null);
            awaitIdle(server, 1);
            GrpcClient.Answers again = client.stream();
            again.send(frame(DataStatus.END, "fine"));
            assertThat(text(again.next())).isEqualTo("fine");
        }
    }

    @Test
    void halfClosingBeforeTheLastFrameEndsTheSession() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers call = client.stream();
            call.send(frame(DataStatus.BEGIN, "no end"));
            call.requests.onCompleted();
            assertThat(text(call.next())).isEqualTo("no end");
            GrpcClient.Answers.End end = call.end();
            assertThat(end.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(end.code()).isEqualTo("10009");
            assertThat(end.status().getDescription()).contains("END");
            awaitIdle(server, 1);
        }
    }

    @Test
    void aSessionHoldsItsLicenceSoASecondIsResourceExhausted() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers first = client.stream();
            first.send(frame(DataStatus.BEGIN, "mine"));
            assertThat(first.next().getHeader().getCode()).isZero();
            GrpcClient.Answers second = client.stream();
            second.send(frame(DataStatus.BEGIN, "me too"));
            GrpcClient.Answers.End end = second.end();
            assertThat(end.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(end.code()).isEqualTo("10110");
            first.requests.cancel("done", null);
            awaitIdle(server, 1);
        }
    }

    @Test
    void declaredOutputsAreEchoedAndAnUndeclaredOneEndsTheCallWith10106() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers declared = client.stream();
            declared.send(frame(DataStatus.BEGIN, "a").toBuilder().addOutputs(OutputSpec.newBuilder()
                    .setName("result").setType(DataType.TEXT).putDescriptors("format", "plain")).build());
            assertThat(declared.next().getOutputs(0).getDescriptorsMap()).containsEntry("format", "plain");
            declared.send(frame(DataStatus.END, "b"));
            assertThat(text(declared.next())).isEqualTo("ab");
            assertThat(declared.end().status().isOk()).isTrue();
            declared.requests.onCompleted();
            awaitIdle(server, 1);

            GrpcClient.Answers undeclared = client.stream();
            undeclared.send(frame(DataStatus.BEGIN, "a").toBuilder()
                    .addOutputs(OutputSpec.newBuilder().setName("transcript").setAnyType(true)).build());
            GrpcClient.Answers.End refused = undeclared.end();
            assertThat(refused.code()).isEqualTo("10106");
            awaitIdle(server, 1);
        }
    }

    @Test
    void anUnknownServiceOrAnInputWithoutKeyEndsTheCall() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers unknown = client.stream();
            unknown.send(frame(DataStatus.BEGIN, "x").toBuilder().setService("nope").build());
            GrpcClient.Answers.End notFound = unknown.end();
            assertThat(notFound.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(notFound.code()).isEqualTo("10404");
            GrpcClient.Answers keyless = client.stream();
            keyless.send(StreamRequest.newBuilder().setService(TestServer.SERVICE)
                    .addInputs(DataItem.newBuilder().setData(ByteString.copyFromUtf8("x"))).build());
            GrpcClient.Answers.End invalid = keyless.end();
            assertThat(invalid.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(invalid.code()).isEqualTo("10001");
            awaitIdle(server, 1);
        }
    }
}
