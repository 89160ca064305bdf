package io.aiges.server.http;

import io.aiges.api.ClientText;
import io.aiges.api.DataStatus;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.fairness.ClientId;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.session.SessionResult;
import io.aiges.engine.session.StreamSession;
import io.aiges.server.FrontEndRules;
import io.aiges.server.auth.Caller;
import io.aiges.server.ops.SessionRecord;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket client streaming one session: every text frame is the HTTP request JSON with
 * {@code header.status} 0 (first), 1 (continue) or 2 (last). The first frame opens the engine
 * session, and the outputs it declares under {@code parameter} are checked on every result as an
 * HTTP request's are; each frame's results go back as a frame of the HTTP answer's shape, and so
 * do results the engine pushes between frames, as soon as they come. The socket closes after the
 * final result or an error frame.
 *
 * <p>Back-pressure: the socket is paused while a frame is with the engine, so a client sending
 * faster than the engine consumes fills its own TCP window instead of our memory. A pushed result
 * that finds the write queue still full (the client does not read) ends the session with 10100
 * instead of buffering without bound.
 */
final class WebSocketConnection {
    private final Service service;
    private final ServerWebSocket ws;
    private final Context context;
    private final OnceRequestDecoder decoder;
    private final OnceResponseEncoder encoder;
    private final String sid;
    /** Who opened the session ({@code [auth]}): the engine's appid and what the per-client limits count by. */
    private final Caller caller;
    private final SessionRecord record;
    private final long maxMessageBytes;
    private final BodyBudget bodies;
    private final Channel socket;
    private final Handler<String> onLimitClose;
    private StreamSession session;
    private boolean done;
    /** A frame is with the engine; what arrives meanwhile is that frame's answer, not a push. */
    private boolean busy;

    /**
     * @param maxMessageBytes the largest message a client may send ({@code [aiges] maxBodySize})
     * @param bodies          what messages being put together count against, with every request body
     * @param socket          the connection under {@code ws}, closed at once when a message breaks a bound
     * @param onLimitClose    told the reason when a message's size or time bound closes the socket
     */
    WebSocketConnection(Service service, ServerWebSocket ws, Context context, OnceRequestDecoder decoder,
                        OnceResponseEncoder encoder, String sid, Caller caller, SessionRecord record, long maxMessageBytes,
                        BodyBudget bodies, Channel socket, Handler<String> onLimitClose) {
        this.bodies = bodies;
        this.socket = socket;
        this.service = service;
        this.maxMessageBytes = maxMessageBytes;
        this.onLimitClose = onLimitClose;
        this.record = record;
        this.ws = ws;
        this.context = context;
        this.decoder = decoder;
        this.encoder = encoder;
        this.sid = sid;
        this.caller = caller;
    }

    void start() {
        // A message's fragments must all come within the session's read timeout.
        WebSocketMessages messages = WebSocketMessages.attach(ws, socket, context.owner(), maxMessageBytes, bodies,
                service.config().sessions().readTimeout(), this::frame,
                binary -> fail(AigesError.BAD_JSON.exception("frames are JSON text; binary frames are not accepted")),
                reason -> {
                    onLimitClose.handle(reason);
                    if (!done) {
                        done = true;
                        record.ended(AigesError.INVALID_DATA.code());
                    }
                });
        ws.closeHandler(closed -> {
            messages.stop();
            if (!done) {
                record.ended(SessionRecord.CLIENT_CLOSED);
            }
            done = true;
            if (session != null) {
                session.close();
            }
        });
    }

    private void frame(String text) {
        if (done) {
            return;
        }
        ws.pause();
        busy = true;
        record.frame(service.name());
        OnceRequest request;
        int status;
        try {
            request = decoder.decode(text.getBytes(StandardCharsets.UTF_8), service.name(), sid);
            status = headerStatus(request);
        } catch (AigesException e) {
            fail(e);
            return;
        }
        boolean last = FrontEndRules.isLastFrame(DataStatus.fromWire(status), request.inputs());
        CompletableFuture<SessionResult> result;
        if (session == null) {
            ClientId client = FrontEndRules.client(request.headers(), RemoteAddress.of(ws.remoteAddress()), caller);
            result = service.openSession(sid, FrontEndRules.asCaller(request.params(), caller), client)
                    .thenCompose(opened -> {
                opened.expectOutputs(request.expect());
                opened.onResults(answer -> context.runOnContext(v -> send(answer)));
                context.runOnContext(v -> adopt(opened));
                return opened.write(request.inputs(), last);
            });
        } else {
            result = session.write(request.inputs(), last);
        }
        result.whenComplete((answer, error) -> context.runOnContext(v -> {
            if (error != null) {
                fail(AigesException.unwrap(error));
            } else {
                frameDone(answer);
            }
        }));
    }

    private void adopt(StreamSession opened) {
        session = opened;
        opened.onAbort(error -> context.runOnContext(v -> fail(error)));
        if (done) {
            opened.close();
        }
    }

    /**
     * A result of the session, from a frame or pushed by the engine, in the session's order (the
     * session hands them over one at a time and the context runs them in that order).
     */
    private void send(SessionResult answer) {
        if (done) {
            return;
        }
        if (!busy && ws.writeQueueFull()) {
            fail(AigesError.CLIENT_NOT_READING.exception("session " + sid + ": the client does not read its results;"
                    + " the engine's pushed results have nowhere to go"));
            return;
        }
        if (!answer.outputs().isEmpty() || answer.finished()) {
            ws.writeTextMessage(new String(encoder.success(new OnceResult(sid, answer.status(), answer.outputs())),
                    StandardCharsets.UTF_8));
        }
        if (answer.finished()) {
            done = true;
            record.ended(0);
            ws.close();
        }
    }

    /** The frame is through: its results went out through {@link #send}; take the next frame. */
    private void frameDone(SessionResult answer) {
        busy = false;
        if (!done && !answer.finished()) {
            ws.resume();
        }
    }

    private void fail(AigesException error) {
        if (done) {
            return;
        }
        done = true;
        record.ended(error.code());
        ws.writeTextMessage(new String(encoder.error(error, sid), StandardCharsets.UTF_8));
        ws.close();
        if (session != null) {
            session.close();
        }
    }

    /** The frame's {@code header.status}: 0 first, 1 continue, 2 last; absent means continue. */
    private static int headerStatus(OnceRequest request) {
        String status = request.headers().get("status");
        if (status == null) {
            return 1;
        }
        try {
            int value = Integer.parseInt(status.trim());
            if (value >= 0 && value <= 3) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw AigesError.BAD_JSON.exception("header.status must be 0 (first), 1 (continue) or 2 (last), got '"
                + ClientText.cut(status) + "'");
    }
}
