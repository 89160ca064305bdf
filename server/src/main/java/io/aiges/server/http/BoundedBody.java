package io.aiges.server.http;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.server.net.ConnectionGuard;
import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Collects the request body, up to a limit, whatever its content type. Vert.x's BodyHandler
 * would decode {@code application/x-www-form-urlencoded} bodies as forms, and that is what
 * {@code curl -d @request.json} sends: the original reads every body as JSON, so we do too.
 * A body over the limit fails the route with 413 as soon as the limit is crossed, without
 * buffering the rest.
 */
public final class BoundedBody implements Handler<RoutingContext> {
    private static final String KEY = BoundedBody.class.getName();
    private static final String BYTES_KEY = KEY + ".bytes";

    private final long limit;
    private final BodyBudget budget;

    /**
     * @param limit  the largest body ({@code [aiges] maxBodySize}): larger gets 413
     * @param budget what all bodies held at once may take together: past it, 429 (10110)
     */
    public BoundedBody(long limit, BodyBudget budget) {
        this.limit = limit;
        this.budget = budget;
    }

    /**
     * The body's bytes, copied out of the buffer once per request however many handlers read
     * them (the async-jobs marker check, then the request itself): bodies may be megabytes.
     */
    public static byte[] bytes(RoutingContext ctx) {
        byte[] bytes = ctx.get(BYTES_KEY);
        if (bytes == null) {
            bytes = of(ctx).getBytes();
            ctx.put(BYTES_KEY, bytes);
        }
        return bytes;
    }

    /** The body a previous {@link BoundedBody} collected. */
    public static Buffer of(RoutingContext ctx) {
        Buffer body = ctx.get(KEY);
        return body == null ? Buffer.buffer() : body;
    }

    @Override
    public void handle(RoutingContext ctx) {
        collect(ctx.request(), limit, budget, body -> {
            ctx.put(KEY, body);
            ctx.next();
        }, () -> refuse(ctx), () -> {
            closeWhenAnswered(ctx.request());
            ctx.fail(429, busy(budget));
        }, ctx::fail);
    }

    /** The refusal of a body that does not fit in the budget: retry later, or elsewhere. */
    static AigesException busy(BodyBudget budget) {
        return AigesError.LIC_NOT_ENOUGH.exception("server busy: request bodies held at once have reached"
                + " [aiges] bodyBudget (" + budget.max() + " bytes); retry later");
    }

    /**
     * Reads {@code request}'s body, up to {@code limit} bytes, then gives it to {@code onBody}; a
     * body over the limit calls {@code onTooLarge} once, as soon as it is known (a declared
     * Content-Length says so before any byte), and the rest of it is dropped unread. The body is
     * counted in {@code budget} from its first byte until its answer is sent (or its client has
     * gone); one that does not fit calls {@code onBusy} instead, as soon as that is known.
     */
    static void collect(HttpServerRequest request, long limit, BodyBudget budget, Handler<Buffer> onBody,
                        Runnable onTooLarge, Runnable onBusy, Handler<Throwable> onError) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declaredTooLong(declared, limit)) {
            onTooLarge.run();
            return;
        }
        long declaredLength = declared == null ? -1 : Long.parseLong(declared.trim());
        BodyBudget.Hold hold = budget.hold();
        // Given back when the answer has been written, or when the client goes away before it.
        request.response().endHandler(v -> hold.release());
        request.response().closeHandler(v -> hold.release());
        if (declaredLength > 0 && !hold.take(declaredLength)) {
            onBusy.run();
            return;
        }
        Buffer body = Buffer.buffer(declared == null ? 1024 : (int) Math.min(limit, declaredLength));
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                onTooLarge.run();
                return;
            }
            // A declared length was counted whole; a chunked body is counted as it comes.
            if (declaredLength < 0 && !hold.take(chunk.length())) {
                refused[0] = true;
                onBusy.run();
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                onBody.handle(body);
            }
        });
        request.exceptionHandler(onError);
        request.resume();
    }

    /** 413; on HTTP/1 the connection closes once it is sent, so the rest of the body is neither read nor parsed as a request. */
    private static void refuse(RoutingContext ctx) {
        closeWhenAnswered(ctx.request());
        ctx.fail(413);
    }

    /**
     * Closes {@code request}'s connection once its answer is written (HTTP/1; an HTTP/2 stream
     * ends on its own), reading at most a bounded rest of the refused body meanwhile so the client
     * gets to read the answer ({@link ConnectionGuard#closeLingering}). {@code Connection: close}
     * alone is not enough: Vert.x closes such a connection only once the request has been read to
     * its end, so it would go on reading (and dropping) however much the client sends.
     */
    static void closeWhenAnswered(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) {
            closeAfterAnswer(request);
            // The body-end handler, as the end handler is the budget's (collect).
            request.response().bodyEndHandler(v -> {
                Channel channel = ConnectionGuard.channelOf(request.connection());
                if (channel != null) {
                    ConnectionGuard.closeLingering(channel);
                } else {
                    request.connection().close();
                }
            });
        }
    }

    /** Closes an HTTP/1 connection after its answer (HTTP/2 streams end on their own). */
    static void closeAfterAnswer(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }

    private static boolean declaredTooLong(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            // Netty rejects a malformed Content-Length before we see it; treat anything odd as too long.
            return true;
        }
    }
}
