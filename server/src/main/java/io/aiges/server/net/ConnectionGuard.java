package io.aiges.server.net;

import io.aiges.engine.AigesError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Guards one HTTP (and later WebSocket) connection at the socket, below Vert.x, where a
 * client's bytes arrive before any parser sees them:
 * <ul>
 * <li><b>Slow requests.</b> From a request's first byte to its last, at most {@code readTimeout}
 * may pass ({@code [aiges] bodyTimeout}); else the client gets 408 and the connection closes. The
 * idle timeout never trips for a client that trickles a byte a second into a head or a body.
 * Between requests a kept-alive connection is only bound by the idle timeout.</li>
 * <li><b>Unread answers.</b> A client that sends more (pipelined requests, WebSocket pings or
 * frames) while more than {@code maxQueuedBytes} of what we sent it waits unread is closed (a
 * WebSocket with 1008 first): Vert.x answers pings and pipelined requests whether or not the
 * client reads, and those answers would queue without bound.</li>
 * </ul>
 * Each closing is reported to {@link Events} once.
 */
public final class ConnectionGuard extends ChannelDuplexHandler {
    /** What a guard did, for metrics. */
    public interface Events {
        void slowRequest();

        void unreadAnswers(boolean webSocket);
    }

    static final String NAME = "aiges-guard";
    private static final String MARKER = "aiges-request-end";
    private static final String DECODER = "httpDecoder";

    private static final byte[] TIMEOUT_BODY = ("{\"header\":{\"code\":" + AigesError.READ_TIMEOUT.code()
            + ",\"message\":\"request timeout: its head and body did not arrive within [aiges] bodyTimeout\"}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] TIMEOUT_ANSWER = ("HTTP/1.1 408 Request Timeout\r\n"
            + "content-type: application/json; charset=utf-8\r\n"
            + "connection: close\r\n"
            + "content-length: " + TIMEOUT_BODY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    /** A WebSocket close frame, unmasked as a server's are: 1008 (policy violation). */
    private static final byte[] CLOSE_1008 = {(byte) 0x88, 0x02, 0x03, (byte) 0xF0};

    private final long readTimeoutNanos;
    private final long maxQueuedBytes;
    private final Events events;
    /** When the request being received began; -1 between requests. */
    private long requestStarted = -1;
    private ScheduledFuture<?> timer;
    private boolean webSocket;
    private boolean closing;
    /** Closing after an answer: what the client still sends is dropped, up to a bound. */
    private boolean lingering;
    private long lingered;
    /** This guard's place in the pipeline, at its head (right after TLS): what it writes goes straight to the socket. */
    private ChannelHandlerContext self;

    private ConnectionGuard(long readTimeoutNanos, long maxQueuedBytes, Events events) {
        this.readTimeoutNanos = readTimeoutNanos;
        this.maxQueuedBytes = maxQueuedBytes;
        this.events = events;
    }

    /**
     * Guards {@code channel}, an HTTP/1 connection Vert.x has just set up (its pipeline has the
     * HTTP decoder). Runs on the channel's event loop.
     * <p>
     * Over TLS the guard goes right after the TLS handler, so it sees the client's bytes
     * decrypted and what it writes (a 408, a close frame) is encrypted. An HTTP/2 connection
     * (ALPN h2) is left unguarded: its requests are streams inside frames that a byte-level
     * guard cannot time, and a 408 written at the socket would break every stream on it. There
     * HTTP/2's flow control bounds what waits unread, Netty caps queued control frames (a ping
     * flood), and the idle timeout closes silent connections.
     */
    public static void install(Channel channel, long readTimeoutMillis, long maxQueuedBytes, Events events) {
        if (channel.pipeline().get(DECODER) == null && channel.pipeline().get(SslHandler.class) != null) {
            return;
        }
        ConnectionGuard guard = new ConnectionGuard(TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis), maxQueuedBytes,
                events);
        // Vert.x keeps what it writes while the channel is not writable in a queue of its own,
        // which nothing here can measure and which grows without bound when the client sends
        // pings and never reads. With the high-water mark at the bound, Vert.x hands everything to
        // the channel until the bound is crossed, and the next read past it closes the connection.
        int high = (int) Math.min(Integer.MAX_VALUE, maxQueuedBytes);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
        ChannelHandlerContext tls = channel.pipeline().context(SslHandler.class);
        if (tls != null) {
            channel.pipeline().addAfter(tls.name(), NAME, guard);
        } else {
            channel.pipeline().addFirst(NAME, guard);
        }
        if (channel.pipeline().get(DECODER) != null) {
            channel.pipeline().addAfter(DECODER, MARKER, guard.new RequestEnd());
        }
    }

    /**
     * The Netty channel under a Vert.x HTTP connection (a WebSocket keeps it after the upgrade),
     * or null for a connection that is not Vert.x's own.
     */
    public static Channel channelOf(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    /** What a refused client may still send, and for how long, while it reads its refusal. */
    static final long LINGER_BYTES = 1024 * 1024;
    static final long LINGER_MILLIS = 2000;

    /**
     * Ends {@code channel} after the answer already written to it (a 413, a 429 for a body not
     * read): the answer is flushed, our side of the connection shut, and what the client still
     * sends is read and dropped until it closes too, but at most {@link #LINGER_BYTES} or
     * {@link #LINGER_MILLIS}, then the connection closes. Closing at once would lose the answer
     * to a client still sending its body: its unread bytes make the close a reset, and a reset
     * discards the answer before the client reads it (the lingering close of web servers).
     */
    public static void closeLingering(Channel channel) {
        ConnectionGuard guard = channel.pipeline().get(ConnectionGuard.class);
        if (guard == null) {
            channel.close();
            return;
        }
        guard.linger();
    }

    private void linger() {
        if (closing) {
            return;
        }
        closing = true;
        lingering = true;
        cancelTimer();
        ChannelHandlerContext ctx = self;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (tls != null) {
                // TLS ends with close_notify: without it a client may take the answer for truncated.
                tls.closeOutbound().addListener(notified -> shutdownOutput(ctx));
            } else {
                shutdownOutput(ctx);
            }
        });
        ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void shutdownOutput(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex && ctx.channel().isActive()) {
            duplex.shutdownOutput();
        }
    }

    /**
     * Closes {@code channel} now, past Vert.x: what is written is flushed, then the socket
     * closes. For a client that broke a bound: Vert.x's own close of a WebSocket waits for the
     * client's closing handshake, reading (and dropping) all it sends meanwhile.
     */
    public static void closeNow(Channel channel) {
        channel.flush();
        ChannelHandlerContext guard = channel.pipeline().context(NAME);
        if (guard != null) {
            guard.close();
        } else {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        self = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (closing) {
            if (lingering && msg instanceof ByteBuf bytes) {
                lingered += bytes.readableBytes();
                if (lingered > LINGER_BYTES) {
                    ctx.close();
                }
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (queuedBytes(ctx.channel()) > maxQueuedBytes) {
            ReferenceCountUtil.release(msg);
            unreadAnswers(ctx);
            return;
        }
        if (requestStarted < 0 && msg instanceof ByteBuf bytes && bytes.isReadable() && !isWebSocket(ctx)) {
            requestStarted();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    private static long queuedBytes(Channel channel) {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    private boolean isWebSocket(ChannelHandlerContext ctx) {
        if (!webSocket && ctx.pipeline().get(WebSocketFrameDecoder.class) != null) {
            webSocket = true;
            requestStarted = -1;
            cancelTimer();
        }
        return webSocket;
    }

    /**
     * A request began: its deadline is checked by the connection's one timer. The timer is not
     * cancelled when a request ends in time; it finds nothing to do and is set again by the next
     * request, so a kept-alive connection costs one timer per {@code bodyTimeout}, not one per
     * request.
     */
    private void requestStarted() {
        requestStarted = System.nanoTime();
        if (timer == null) {
            schedule(readTimeoutNanos);
        }
    }

    private void schedule(long delayNanos) {
        timer = self.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        ChannelHandlerContext ctx = self;
        timer = null;
        if (requestStarted < 0 || closing || isWebSocket(ctx)) {
            return;
        }
        long left = requestStarted + readTimeoutNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        closing = true;
        events.slowRequest();
        // Written at the socket, past Vert.x: the request never reached (or never finished
        // reaching) a handler, so nothing else answers it.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_ANSWER, TIMEOUT_BODY)).addListener(written -> ctx.close());
        // A client that does not read its 408 either is not waited for.
        ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
    }

    private void unreadAnswers(ChannelHandlerContext ctx) {
        closing = true;
        boolean ws = isWebSocket(ctx);
        events.unreadAnswers(ws);
        if (ws) {
            // Behind everything queued, so most likely never read; the close below does not wait.
            ctx.write(Unpooled.wrappedBuffer(CLOSE_1008));
        }
        // From this handler, at the pipeline's head: a close from the channel's tail would reach
        // Vert.x, which for a WebSocket starts a close handshake and waits for the client.
        self.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** After the HTTP decoder: a request has arrived whole, its time is no longer counted. */
    private final class RequestEnd extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof LastHttpContent) {
                requestStarted = -1;
            } else if (msg instanceof HttpRequest && requestStarted < 0) {
                // The rest of a pipelined request that was already read: its time starts now.
                requestStarted();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
