package io.aiges.server.grpc;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.OutputSpec;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.engine.session.SessionResult;
import io.aiges.engine.session.StreamSession;
import io.aiges.server.FrontEndRules;
import io.aiges.server.auth.Caller;
import io.aiges.server.ops.SessionRecord;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code Stream} call streaming one engine session, as a WebSocket connection does: the first
 * message opens the session, every message is one frame written in order, each result with
 * outputs goes back as a response, as do results the engine pushes between messages, as soon as
 * they come; the final result completes the call, an error (also the
 * session's read or whole-session timeout) ends it with its status. A client that cancels or
 * half-closes before its last frame ends the session, which returns the instance.
 *
 * <p>Flow control: the next message is requested only when the previous frame's result is sent
 * and the client is reading, so a client sending faster than the engine consumes (or reading
 * slower than it produces) fills its own HTTP/2 window instead of our memory. A pushed result
 * that finds the call not ready (the client does not read) ends it with 10100 instead of
 * buffering without bound.
 *
 * <p>Callbacks arrive from gRPC's executor, the engine threads and the session timer; every method
 * holds this object's lock, which serialises calls on the response observer as gRPC requires.
 * Nothing waits while holding it.
 */
final class StreamCall implements StreamObserver<StreamRequest> {
    private final ServiceRegistry registry;
    private final ServerCallStreamObserver<StreamResponse> responses;
    private final String sid;
    private final SessionRecord record;
    /** The address the call comes from: the client of its session when the first message has no appid. */
    private final String address;
    /** Who opened the call ({@code [auth]}): the session's appid and client when named. */
    private final Caller caller;
    /** The service the first message named. */
    private String serviceName;
    /** The session being opened or open; null until the first message. */
    private CompletableFuture<StreamSession> session;
    /** The open session, once opening succeeded: what to close when the call ends early. */
    private StreamSession opened;
    /** A message was requested and has not arrived yet. */
    private boolean requested;
    /** A frame is with the engine. */
    private boolean writing;
    private boolean lastWritten;
    private boolean halfClosed;
    private boolean done;

    private StreamCall(ServiceRegistry registry, ServerCallStreamObserver<StreamResponse> responses, String sid,
                       SessionRecord record, String address, Caller caller) {
        this.registry = registry;
        this.address = address;
        this.caller = caller;
        this.record = record;
        this.responses = responses;
        this.sid = sid;
    }

    /** Must run inside the service method: gRPC accepts flow-control settings only there. */
    static StreamCall start(ServiceRegistry registry, ServerCallStreamObserver<StreamResponse> responses, String sid,
                            SessionRecord record, String address, Caller caller) {
        StreamCall call = new StreamCall(registry, responses, sid, record, address, caller);
        responses.disableAutoRequest();
        responses.setOnCancelHandler(call::cancelled);
        responses.setOnReadyHandler(call::pull);
        call.pull();
        return call;
    }

    @Override
    public synchronized void onNext(StreamRequest message) {
        requested = false;
        if (done) {
            return;
        }
        ProtoMessages.Frame frame;
        try {
            frame = ProtoMessages.frame(message);
            if (session == null) {
                Service service = registry.get(message.getService());
                serviceName = service.name();
                List<OutputSpec> declared = ProtoMessages.expected(message.getOutputsList());
                session = service.openSession(sid,
                                FrontEndRules.asCaller(FrontEndRules.params(message.getParamsMap(), sid), caller),
                                FrontEndRules.client(message.getHeadersMap(), address, caller))
                        .thenApply(open -> {
                            open.expectOutputs(declared);
                            open.onResults(this::send);
                            return adopt(open);
                        });
            }
            record.frame(serviceName);
        } catch (AigesException e) {
            fail(e);
            return;
        }
        writing = true;
        lastWritten = frame.last();
        session.thenCompose(open -> open.write(frame.inputs(), frame.last())).whenComplete((answer, error) -> {
            if (error != null) {
                fail(AigesException.unwrap(error));
            } else {
                deliver(answer);
            }
        });
    }

    /** The client half-closed: fine after its last frame, otherwise the session ends unfinished. */
    @Override
    public synchronized void onCompleted() {
        halfClosed = true;
        if (!writing && !lastWritten) {
            failUnfinished();
        }
    }

    /** The client cancelled or the connection broke. */
    @Override
    public void onError(Throwable t) {
        cancelled();
    }

    private synchronized void cancelled() {
        if (!done) {
            record.ended(SessionRecord.CLIENT_CLOSED);
        }
        done = true;
        closeSession();
    }

    private synchronized StreamSession adopt(StreamSession open) {
        opened = open;
        open.onAbort(this::fail);
        if (done) {
            open.close();
        }
        return open;
    }

    /**
     * A result of the session, from a frame or pushed by the engine, in the session's order; a
     * frame's results come before its write completes ({@link #deliver}).
     */
    private synchronized void send(SessionResult answer) {
        if (done) {
            return;
        }
        if (!writing && !responses.isReady()) {
            fail(AigesError.CLIENT_NOT_READING.exception("session " + sid + ": the client does not read its results;"
                    + " the engine's pushed results have nowhere to go"));
            return;
        }
        if (!answer.outputs().isEmpty() || answer.finished()) {
            responses.onNext(ProtoMessages.streamResponse(answer));
        }
        if (answer.finished()) {
            done = true;
            record.ended(0);
            responses.onCompleted();
        }
    }

    /** The frame is through: its results went out through {@link #send}; ask for the next one. */
    private synchronized void deliver(SessionResult answer) {
        writing = false;
        if (done || answer.finished()) {
            return;
        }
        if (halfClosed) {
            failUnfinished();
        } else {
            pull();
        }
    }

    /** Asks for the next frame when none is with the engine and the client reads what we send. */
    private synchronized void pull() {
        if (!done && !requested && !writing && !lastWritten && responses.isReady()) {
            requested = true;
            responses.request(1);
        }
    }

    private void failUnfinished() {
        fail(AigesError.INVALID_DATA.exception("session " + sid + ": the client half-closed the stream before a"
                + " message with status END; the session is closed without a final result"));
    }

    private synchronized void fail(AigesException error) {
        if (done) {
            return;
        }
        done = true;
        record.ended(error.code());
        responses.onError(GrpcStatusOf.exception(error, sid));
        closeSession();
    }

    private void closeSession() {
        if (opened != null) {
            opened.close();
        }
    }
}
