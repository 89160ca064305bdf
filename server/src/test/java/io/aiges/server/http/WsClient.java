package io.aiges.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (Vert.x) that queues what the server sends, for tests to read in order. */
final class WsClient implements AutoCloseable {
    static final String CLOSED = "<closed>";

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client = vertx.createWebSocketClient();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private WebSocket ws;

    WsClient connect(int port, String path) {
        ws = client.connect(port, "127.0.0.1", path).toCompletionStage().toCompletableFuture().join();
        ws.textMessageHandler(received::add);
        ws.closeHandler(v -> received.add(CLOSED));
        return this;
    }

    void send(String frame) {
        ws.writeTextMessage(frame).toCompletionStage().toCompletableFuture().join();
    }

    /** The next message, or {@link #CLOSED}; fails after 10 s of silence. */
    String next() throws InterruptedException {
        String message = received.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("nothing from the server for 10 s");
        }
        return message;
    }

    void closeNow() {
        ws.close().toCompletionStage().toCompletableFuture().join();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
