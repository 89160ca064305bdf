package io.aiges.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * The baseline for end-to-end HTTP benchmarks: a bare Vert.x server that parses the request JSON
 * and writes a fixed AIGES-shaped answer. What aiges adds on top (routing, validation, base64,
 * the licence pool, a thread hop to the engine and back) is the difference between the two.
 * Usage: {@code BareVertxServer PORT}.
 */
public final class BareVertxServer {
    private static final Buffer ANSWER = Buffer.buffer("""
            {"header":{"code":0,"message":"success","sid":"x","status":3},"payload":{"result":{"text":"{\\"result\\": 7}"}}}""");

    private BareVertxServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            try {
                mapper.readTree(body.getBytes());
            } catch (IOException e) {
                request.response().setStatusCode(400).end();
                return;
            }
            request.response().putHeader("content-type", "application/json").end(ANSWER);
        })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        System.out.println("bare Vert.x listening on 127.0.0.1:" + port);
    }
}
