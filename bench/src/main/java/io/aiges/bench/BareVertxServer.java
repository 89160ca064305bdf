package io.aiges.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * The baseline for end-to-end HTTP benchmarks: a bare Vert.x server that parses the request JSON
 * and writes a fixed AIGES-shaped answer. What aiges adds on top (routing, validation, base64,
 * the licence pool, a thread hop to the engine and back) is the difference between the two.
 * It listens with one server per event loop as aiges does (one per core unless the second
 * argument says otherwise), so both sides get the same threads. Usage: {@code BareVertxServer PORT [EVENT_LOOPS]}.
 */
public final class BareVertxServer {
    private static final Buffer ANSWER = Buffer.buffer("""
            {"header":{"code":0,"message":"success","sid":"x","status":3},"payload":{"result":{"text":"{\\"result\\": 7}"}}}""");

    private BareVertxServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int eventLoops = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        ObjectMapper mapper = new ObjectMapper();
        Vertx vertx = Vertx.vertx();
        // A verticle instance per loop, as aiges listens: each gets its own event loop.
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return listen(vertx, mapper, port);
            }
        }, new DeploymentOptions().setInstances(eventLoops)).toCompletionStage().toCompletableFuture()
                .exceptionally(failure -> {
                    // Vert.x's threads would keep a server that never listened alive: end it.
                    System.err.println("bare Vert.x cannot listen on 127.0.0.1:" + port + ": " + failure.getMessage());
                    System.exit(1);
                    return null;
                }).join();
        System.out.println("bare Vert.x listening on 127.0.0.1:" + port + " (" + eventLoops + " event loops)");
    }

    private static Future<?> listen(Vertx vertx, ObjectMapper mapper, int port) {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            try {
                mapper.readTree(body.getBytes());
            } catch (IOException e) {
                request.response().setStatusCode(400).end();
                return;
            }
            request.response().putHeader("content-type", "application/json").end(ANSWER);
        })).listen(port, "127.0.0.1");
    }
}
