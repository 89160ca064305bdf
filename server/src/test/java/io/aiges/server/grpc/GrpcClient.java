package io.aiges.server.grpc;

import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real grpc-java client over plaintext loopback, as a user's program would be. */
final class GrpcClient implements AutoCloseable {
    private final ManagedChannel channel;

    GrpcClient(int port) {
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 << 20).build();
    }

    ManagedChannel channel() {
        return channel;
    }

    AigesGrpc.AigesBlockingStub blocking() {
        return AigesGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Opens a Stream call; its answers queue up in the returned {@link Answers}. */
    Answers stream() {
        Answers answers = new Answers();
        answers.requests = (ClientCallStreamObserver<StreamRequest>) AigesGrpc.newStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS).stream(answers);
        return answers;
    }

    static String code(StatusRuntimeException e) {
        return e.getTrailers() == null ? null : e.getTrailers().get(GrpcStatusOf.AIGES_CODE);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Stream call from the client's side: what it sends and, in order, what comes back. */
    static final class Answers implements StreamObserver<StreamResponse> {
        /** The end of the call: its status and trailers. */
        record End(Status status, Metadata trailers) {
            String code() {
                return trailers == null ? null : trailers.get(GrpcStatusOf.AIGES_CODE);
            }
        }

        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        ClientCallStreamObserver<StreamRequest> requests;

        void send(StreamRequest request) {
            requests.onNext(request);
        }

        /** The next response; fails if the call ended instead. */
        StreamResponse next() throws InterruptedException {
            Object event = event();
            if (event instanceof StreamResponse response) {
                return response;
            }
            throw new AssertionError("expected a response, the call ended: " + event);
        }

        /** How the call ended, after any responses still queued (which must be none). */
        End end() throws InterruptedException {
            Object event = event();
            if (event instanceof End end) {
                return end;
            }
            throw new AssertionError("expected the end of the call, got " + event);
        }

        private Object event() throws InterruptedException {
            Object event = events.poll(15, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("nothing from the server within 15 s");
            }
            return event;
        }

        @Override
        public void onNext(StreamResponse response) {
            events.add(response);
        }

        @Override
        public void onError(Throwable t) {
            events.add(new End(Status.fromThrowable(t), Status.trailersFromThrowable(t)));
        }

        @Override
        public void onCompleted() {
            events.add(new End(Status.OK, null));
        }
    }
}
