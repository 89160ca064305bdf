package io.aiges.plugin.c.isolated;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import io.aiges.plugin.c.CForm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The main class of an engine child process: opens the C engine in-process (as {@link CForm}
 * does without isolation), then serves the parent's calls from stdin and answers on stdout in
 * {@link Wire} frames. Calls run concurrently on a pool of platform threads (a native call pins
 * a virtual thread's carrier anyway), as the engine's wrapperExec is thread-safe by contract;
 * one session's calls still come one at a time, as the parent waits for each answer.
 * When stdin ends, the parent is gone or closing: the engine is finished and the process halts,
 * so a child never outlives its parent.
 */
public final class IsolatedHost {
    /** How long wrapperFini may take at the end before the process halts regardless. */
    private static final long FINI_WAIT_MS = 5_000;

    /** The original's InvalidHdl. */
    private static final int INVALID_HANDLE = 10008;

    private final DataInputStream in;
    private final DataOutputStream out;
    /** Open sessions by the id of the call that created them. */
    private final ConcurrentMap<Long, WrapperSession> sessions = new ConcurrentHashMap<>();

    private IsolatedHost(DataInputStream in, DataOutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Started by {@link EngineChild}; not for command-line use. */
    public static void main(String[] args) throws IOException {
        OutputStream protocol = ProtocolStdout.take();
        IsolatedHost host = new IsolatedHost(new DataInputStream(new BufferedInputStream(System.in)),
                new DataOutputStream(new BufferedOutputStream(protocol)));
        int status;
        try {
            status = host.serve();
        } catch (IOException | RuntimeException e) {
            e.printStackTrace(); // to stderr, so into the parent's log
            status = 3;
        }
        // halt, not exit: threads stuck in engine code must not keep the process alive.
        Runtime.getRuntime().halt(status);
    }

    private int serve() throws IOException {
        Wire.Frame first = Wire.read(in);
        if (first == null || first.op() != Wire.OPEN) {
            System.err.println("isolated engine host: expected an OPEN frame from the parent");
            return 2;
        }
        Engine engine;
        Wrapper wrapper;
        try {
            engine = new CForm().open(spec(first));
            wrapper = engine.newInstance(); // C instances are stateless handles: one serves every call
        } catch (WrapperException e) {
            send(0, Wire.OPEN_FAILED, body -> {
                body.writeInt(e.code());
                Wire.writeString(body, e.getMessage());
            });
            return 1;
        }
        String version = engine.version();
        boolean batches = engine instanceof BatchEngine;
        send(0, Wire.READY, body -> {
            Wire.writeString(body, version);
            body.writeBoolean(batches);
        });
        // Not closed with try-with-resources: close() would wait for calls stuck in the engine.
        ExecutorService calls = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("engine-call-", 0)
                .factory());
        try {
            for (Wire.Frame frame = Wire.read(in); frame != null; frame = Wire.read(in)) {
                Wire.Frame call = frame;
                calls.execute(() -> answer(call, wrapper));
            }
        } finally {
            calls.shutdownNow(); // the parent is gone: nobody waits for the calls still running
        }
        finish(engine);
        return 0;
    }

    private void answer(Wire.Frame call, Wrapper wrapper) {
        long id = call.id();
        DataInputStream body = call.body();
        try {
            switch (call.op()) {
                case Wire.ONCE -> {
                    Params params = new Params(Wire.readMap(body));
                    result(id, wrapper.once(params, Wire.readItems(body)));
                }
                case Wire.ONCE_BATCH -> {
                    List<BatchItem> batch = Wire.readBatch(body);
                    if (!(wrapper instanceof BatchWrapper batching)) {
                        throw new WrapperException(ErrorCodes.INVALID_OP, "this engine does not export wrapperExecBatch");
                    }
                    List<BatchOutcome> outcomes = batching.onceBatch(batch);
                    send(id, Wire.RESULT, out -> Wire.writeOutcomes(out, outcomes));
                }
                case Wire.CREATE -> {
                    sessions.put(id, wrapper.create(new Params(Wire.readMap(body))));
                    send(id, Wire.DONE, out -> { });
                }
                case Wire.WRITE -> {
                    session(body.readLong()).write(Wire.readItems(body));
                    send(id, Wire.DONE, out -> { });
                }
                case Wire.READ -> result(id, session(body.readLong()).read());
                case Wire.DESTROY -> {
                    WrapperSession session = sessions.remove(body.readLong());
                    if (session != null) {
                        session.destroy();
                    }
                    send(id, Wire.DONE, out -> { });
                }
                default -> throw new IOException("unexpected frame op " + call.op());
            }
        } catch (WrapperException e) {
            send(id, Wire.FAILURE, out -> {
                out.writeInt(e.code());
                Wire.writeString(out, e.getMessage() == null ? "" : e.getMessage());
            });
        } catch (IOException | RuntimeException | Error e) {
            send(id, Wire.BUG, out -> Wire.writeString(out, e.toString()));
        }
    }

    private void result(long id, List<DataItem> outputs) {
        send(id, Wire.RESULT, out -> Wire.writeItems(out, outputs == null ? List.of() : outputs));
    }

    private WrapperSession session(long id) throws WrapperException {
        WrapperSession session = sessions.get(id);
        if (session == null) {
            throw new WrapperException(INVALID_HANDLE, "no session " + id + " in this engine child");
        }
        return session;
    }

    /** One frame, whole, under the one writer lock; a broken pipe means the parent is gone and stdin will end too. */
    private void send(long id, byte op, Wire.Body body) {
        byte[] frame = Wire.frame(id, op, body);
        synchronized (out) {
            try {
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                System.err.println("isolated engine host: cannot answer the parent: " + e);
            }
        }
    }

    /** wrapperFini, bounded: a hanging fini must not keep an orphan process alive. */
    private static void finish(Engine engine) {
        Thread fini = Thread.ofPlatform().daemon().name("engine-fini").start(engine::close);
        try {
            fini.join(FINI_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EngineSpec spec(Wire.Frame open) throws IOException {
        String service = Wire.readString(open.body());
        String artefact = Wire.readString(open.body());
        Path baseDir = Path.of(Wire.readString(open.body()));
        Map<String, String> config = Wire.readMap(open.body());
        Map<String, String> options = new HashMap<>(Wire.readMap(open.body()));
        options.remove(IsolatedEngine.ISOLATE); // in here the engine runs in-process
        return new EngineSpec(service, CForm.NAME, artefact, null, config, baseDir, options);
    }
}
