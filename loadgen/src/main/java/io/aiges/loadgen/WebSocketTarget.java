package io.aiges.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * One streaming session per request: connect to {@code GET /v1/svc}, send the session's frames
 * (see {@link StreamFrames}: all at once, or each after the previous one's result, timing it),
 * and end at the final answer ({@code header.status} 2), an error frame or the server's close,
 * whichever comes first. The request's time is the whole session's, connect included.
 */
final class WebSocketTarget implements Target {
    /** Large enough for any answer aiges sends by default (its body limit); a bound all the same. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final WebSocketConnectOptions connect;
    private final StreamFrames frames;
    private final long timeoutMillis;

    WebSocketTarget(Vertx vertx, BenchUrl url, StreamFrames frames, LoadPlan plan) {
        this.vertx = vertx;
        this.timeoutMillis = plan.timeout().toMillis();
        // The session's own timer bounds the whole session, connect included; the client's connect
        // timeout only keeps a dead host from holding a socket longer than that.
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(plan.concurrency())
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setMaxFrameSize(MAX_MESSAGE_BYTES)
                .setMaxMessageSize(MAX_MESSAGE_BYTES));
        this.connect = new WebSocketConnectOptions().setHost(url.host()).setPort(url.port()).setURI(url.path());
        this.frames = frames;
    }

    @Override
    public CompletableFuture<String> send(LongConsumer frameLatency) {
        Session session = new Session(frameLatency);
        long timer = vertx.setTimer(timeoutMillis, id -> session.end(TIMEOUT));
        session.outcome.whenComplete((code, error) -> vertx.cancelTimer(timer));
        client.connect(connect).onComplete(connected -> {
            if (connected.failed()) {
                session.end(Failures.code(connected.cause()));
            } else {
                session.run(connected.result());
            }
        });
        return session.outcome;
    }

    /** One session's state; its callbacks all run on the socket's event loop, apart from the timer. */
    private final class Session {
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        private final LongConsumer frameLatency;
        private volatile WebSocket socket;
        private volatile String lastCode;
        /** Lockstep only: the next frame to send, and when the one before it was sent. */
        private int next;
        private long sentAt;

        Session(LongConsumer frameLatency) {
            this.frameLatency = frameLatency;
        }

        void run(WebSocket ws) {
            socket = ws;
            if (outcome.isDone()) {
                ws.close();
                return;
            }
            ws.textMessageHandler(text -> {
                AnswerCode.Header header = AnswerCode.read(text.getBytes(StandardCharsets.UTF_8));
                lastCode = header.code();
                // A result after the session timed out is not counted: its session already was, as a timeout.
                if (frames.lockstep() && SUCCESS.equals(header.code()) && !outcome.isDone()) {
                    frameLatency.accept(System.nanoTime() - sentAt);
                }
                if (!SUCCESS.equals(header.code()) || header.last()) {
                    end(header.code());
                } else if (frames.lockstep()) {
                    sendNext(ws);
                }
            });
            ws.exceptionHandler(error -> end(Failures.code(error)));
            ws.closeHandler(closed -> end(lastCode == null ? TRANSPORT : lastCode));
            if (frames.lockstep()) {
                sendNext(ws);
            } else {
                frames.frames().forEach(ws::writeTextMessage);
            }
        }

        /** Sends the next frame; a result after the last frame that is not final leaves the session to its timer. */
        private void sendNext(WebSocket ws) {
            if (next < frames.frames().size()) {
                sentAt = System.nanoTime();
                ws.writeTextMessage(frames.frames().get(next++));
            }
        }

        /** Ends the session with {@code code} unless it already ended; the socket closes either way. */
        void end(String code) {
            outcome.complete(code);
            WebSocket ws = socket;
            if (ws != null && !ws.isClosed()) {
                ws.close();
            }
        }
    }

    @Override
    public void close() {
        Failures.awaitClose(client.close());
    }
}
