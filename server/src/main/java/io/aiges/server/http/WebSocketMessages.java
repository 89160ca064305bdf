package io.aiges.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.aiges.server.net.ConnectionGuard;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Puts a WebSocket's frames together into messages, bounded in size and in time: a message
 * larger than {@code maxBytes} ({@code [aiges] maxBodySize}, as an HTTP body) closes the socket
 * with 1009, and one whose fragments do not complete within {@code completeWithin} ({@code [ws]
 * readTimeout}) with 1008. Vert.x's own aggregation, past its size limit, drops the message but
 * keeps the connection open and silently drops every continuation after it, so a client could
 * stream fragments for good; ours closes instead. Control frames are Vert.x's.
 */
final class WebSocketMessages implements Handler<WebSocketFrame> {
    /** Why a socket was closed, for the metrics' {@code reason} label. */
    static final String TOO_LARGE = "message_too_large";
    static final String TOO_SLOW = "message_too_slow";
    static final String PROTOCOL = "protocol_error";
    static final String BUSY = "body_budget";

    private final ServerWebSocket ws;
    /** The connection under the socket, to close it at once; null where it cannot be had. */
    private final Channel socket;
    private final Vertx vertx;
    private final long maxBytes;
    private final BodyBudget budget;
    /** The message being put together, as counted in the budget. */
    private BodyBudget.Hold hold;
    private final long completeWithinMillis;
    private final Handler<String> onText;
    private final Handler<Buffer> onBinary;
    private final Handler<String> onClosed;
    /** The message being put together, or null between messages. */
    private Buffer partial;
    private boolean partialIsText;
    private long timer = -1;
    private boolean closed;

    /**
     * @param socket   the connection under {@code ws}, closed at once when a bound is broken; null: Vert.x closes it
     * @param onClosed told the reason ({@link #TOO_LARGE}, {@link #TOO_SLOW}) when this closes the socket
     */
    WebSocketMessages(ServerWebSocket ws, Channel socket, Vertx vertx, long maxBytes, BodyBudget budget,
                      Duration completeWithin,
                      Handler<String> onText, Handler<Buffer> onBinary, Handler<String> onClosed) {
        this.ws = ws;
        this.socket = socket;
        this.budget = budget;
        this.vertx = vertx;
        this.maxBytes = maxBytes;
        this.completeWithinMillis = Math.max(1, completeWithin.toMillis());
        this.onText = onText;
        this.onBinary = onBinary;
        this.onClosed = onClosed;
    }

    /** Reads {@code ws}'s messages through a new assembler; call before the socket delivers frames. */
    static WebSocketMessages attach(ServerWebSocket ws, Channel socket, Vertx vertx, long maxBytes, BodyBudget budget,
                                    Duration completeWithin, Handler<String> onText, Handler<Buffer> onBinary,
                                    Handler<String> onClosed) {
        WebSocketMessages messages = new WebSocketMessages(ws, socket, vertx, maxBytes, budget, completeWithin, onText,
                onBinary, onClosed);
        ws.frameHandler(messages);
        return messages;
    }

    @Override
    public void handle(WebSocketFrame frame) {
        if (closed) {
            return;
        }
        if (frame.isText() || frame.isBinary()) {
            if (partial != null) {
                // Netty refuses a new data frame inside a fragmented message; this is belt and braces.
                close((short) 1002, "a new message began before the last one ended", PROTOCOL);
                return;
            }
            partialIsText = frame.isText();
            hold = budget.hold();
            if (frame.isFinal()) {
                if (count(frame)) {
                    deliver(frame.binaryData());
                }
                return;
            }
            partial = Buffer.buffer();
            timer = vertx.setTimer(completeWithinMillis, id -> {
                timer = -1;
                close((short) 1008, "message not completed within [ws] readTimeout", TOO_SLOW);
            });
            append(frame);
        } else if (frame.isContinuation() && partial != null) {
            append(frame);
            if (!closed && frame.isFinal()) {
                Buffer whole = partial;
                partial = null;
                cancelTimer();
                deliver(whole);
            }
        }
    }

    private void append(WebSocketFrame frame) {
        if (partial.length() + (long) frame.binaryData().length() > maxBytes) {
            close((short) 1009, "message larger than " + maxBytes + " bytes ([aiges] maxBodySize)", TOO_LARGE);
            return;
        }
        if (count(frame)) {
            partial.appendBuffer(frame.binaryData());
        }
    }

    /** Counts the frame's bytes in the budget; closes with 1013 (try again later) when they do not fit. */
    private boolean count(WebSocketFrame frame) {
        if (hold.take(frame.binaryData().length())) {
            return true;
        }
        close((short) 1013, "server busy: messages and bodies held at once have reached [aiges] bodyBudget",
                BUSY);
        return false;
    }

    private void deliver(Buffer message) {
        try {
            if (message.length() > maxBytes) {
                close((short) 1009, "message larger than " + maxBytes + " bytes ([aiges] maxBodySize)", TOO_LARGE);
            } else if (partialIsText) {
                onText.handle(message.toString(StandardCharsets.UTF_8));
            } else {
                onBinary.handle(message);
            }
        } finally {
            // The message is decoded into the session's own inputs by now.
            releaseHold();
        }
    }

    private void releaseHold() {
        if (hold != null) {
            hold.release();
            hold = null;
        }
    }

    private void close(short code, String reason, String metricReason) {
        closed = true;
        partial = null;
        releaseHold();
        cancelTimer();
        onClosed.handle(metricReason);
        ws.close(code, reason);
        // No closing handshake with a client that broke the rules: Vert.x would wait up to its
        // closing timeout for the client's close frame, reading (and dropping) all it sends
        // meanwhile. The close frame is flushed, then the connection closes.
        if (socket != null) {
            ConnectionGuard.closeNow(socket);
        }
    }

    /** The socket has closed: no timer may outlive it. */
    void stop() {
        closed = true;
        partial = null;
        releaseHold();
        cancelTimer();
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
