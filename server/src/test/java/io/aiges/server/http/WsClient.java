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

    /** Null when the Vert.x instance is shared (and closed by its owner). */
    private final Vertx owned;
    private final WebSocketClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private WebSocket ws;

    WsClient() {
        this.owned = Vertx.vertx();
        this.client = owned.createWebSocketClient();
    }

    /** A client on a Vert.x instance shared with others. */
    WsClient(Vertx shared) {
        this.owned = null;
        this.client = shared.createWebSocketClient();
    }

    WsClient connect(int port, String path) {
        // Bounded waits: a stuck step fails the test with its name instead of hitting JUnit's timeout.
        ws = client.connect(port, "127.0.0.1", path).toCompletionStage().toCompletableFuture()
                .orTimeout(15, TimeUnit.SECONDS).join();
        ws.textMessageHandler(received::add);
        ws.closeHandler(v -> received.add(CLOSED));
        return this;
    }

    void send(String frame) {
        ws.writeTextMessage(frame).toCompletionStage().toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
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
        ws.close().toCompletionStage().toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
    }

    /** Closes the socket if it is open; never throws. */
    void closeQuietly() {
        try {
            if (ws != null && !ws.isClosed()) {
                ws.close();
            }
            client.close();
        } catch (RuntimeException ignored) {
            // already closed by the server
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close().toCompletionStage().toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
        } else {
            closeQuietly();
        }
    }
}
