package io.aiges.loadgen;

import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One {@code aiges.v1.Aiges/Stream} call per request, on one HTTP/2 channel: the session's frames
 * (see {@link StreamFrames}: all at once, or each after the previous one's result, timing it), then
 * a half-close; the session ends well at the response with status END, otherwise with the error's
 * {@code aiges-code} trailer. The deadline covers the whole call, as the WebSocket session's timer does.
 */
final class GrpcStreamTarget implements Target {
    private final ManagedChannel channel;
    private final AigesGrpc.AigesStub stub;
    private final List<StreamRequest> frames;
    private final boolean lockstep;
    private final long timeoutMillis;

    GrpcStreamTarget(BenchUrl url, StreamFrames frames, LoadPlan plan) {
        this.frames = frames.frames().stream().map(frame -> GrpcRequests.streamFrame(frame, url.path())).toList();
        this.lockstep = frames.lockstep();
        this.channel = GrpcTarget.channel(url);
        this.stub = AigesGrpc.newStub(channel);
        this.timeoutMillis = plan.timeout().toMillis();
    }

    @Override
    public CompletableFuture<String> send(LongConsumer frameLatency) {
        Call call = new Call(frameLatency);
        call.start(stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS).stream(call));
        return call.outcome;
    }

    /**
     * One session. The request observer must not be called from two threads at once (the caller
     * sends the first frame, gRPC's threads the next ones), so sending holds this object's lock.
     */
    private final class Call implements StreamObserver<StreamResponse> {
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        private final LongConsumer frameLatency;
        private StreamObserver<StreamRequest> requests;
        private int next;
        private long sentAt;

        Call(LongConsumer frameLatency) {
            this.frameLatency = frameLatency;
        }

        synchronized void start(StreamObserver<StreamRequest> requests) {
            this.requests = requests;
            if (lockstep) {
                sendNext();
            } else {
                frames.forEach(requests::onNext);
                next = frames.size();
                requests.onCompleted();
            }
        }

        @Override
        public synchronized void onNext(StreamResponse response) {
            if (lockstep && !outcome.isDone()) {
                frameLatency.accept(System.nanoTime() - sentAt);
            }
            if (response.getHeader().getStatus() == DataStatus.END) {
                outcome.complete(SUCCESS);
                if (lockstep) {
                    requests.onCompleted();
                }
            } else if (lockstep) {
                sendNext();
            }
        }

        private void sendNext() {
            if (next < frames.size()) {
                sentAt = System.nanoTime();
                requests.onNext(frames.get(next++));
            }
        }

        @Override
        public void onError(Throwable error) {
            outcome.complete(GrpcTarget.code(error));
        }

        @Override
        public void onCompleted() {
            // Completed without a final response: not the protocol.
            outcome.complete(TRANSPORT);
        }
    }

    @Override
    public void close() {
        GrpcTarget.shutdown(channel);
    }
}
