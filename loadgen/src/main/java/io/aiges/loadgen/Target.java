package io.aiges.loadgen;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * One front-end under load. {@link #send} starts one request (or one WebSocket session) and
 * returns at once; the future completes, never exceptionally, with the outcome's code: the AIGES
 * code ({@code "0"} for success) or one of the client-side codes below. Implementations must not
 * block the caller: the load loop calls {@code send} from the client's own I/O threads.
 * A streaming target that times each frame's round trip gives it, in nanoseconds, to
 * {@code frameLatency}; the others ignore it.
 */
interface Target extends AutoCloseable {
    String SUCCESS = "0";
    /** No answer within {@code --timeout}. */
    String TIMEOUT = "timeout";
    /** Connection refused or broken, or an answer that is not the AIGES protocol. */
    String TRANSPORT = "transport";

    CompletableFuture<String> send(LongConsumer frameLatency);

    @Override
    void close();
}
