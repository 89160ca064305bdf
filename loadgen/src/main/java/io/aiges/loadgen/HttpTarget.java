package io.aiges.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * {@code POST /v1/svc} with the body, over a pool of at most {@code concurrency} keep-alive
 * connections (the load loop never has more requests in flight, so none waits for a connection).
 * What counts as the outcome is the protocol's: for the AIGES API ({@link #aiges}) the answer's
 * {@code header.code}, whatever the HTTP status; for the Open Inference Protocol
 * ({@link OipAnswers#outcome}) the status and the answer's outputs.
 */
final class HttpTarget implements Target {
    /** Reads an answer's outcome from its HTTP status and body. */
    @FunctionalInterface
    interface AnswerOutcome {
        String of(int status, byte[] answer);
    }

    private final HttpClientAgent client;
    private final RequestOptions request;
    private final Buffer body;
    private final AnswerOutcome outcomeOf;

    /** {@code POST /v1/svc}: the outcome is the answer's {@code header.code}. */
    static HttpTarget aiges(Vertx vertx, BenchUrl url, byte[] body, LoadPlan plan) {
        return new HttpTarget(vertx, url, body, plan, (status, answer) -> AnswerCode.read(answer).code());
    }

    HttpTarget(Vertx vertx, BenchUrl url, byte[] body, LoadPlan plan, AnswerOutcome outcomeOf) {
        this.outcomeOf = outcomeOf;
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, plan.timeout().toMillis());
        // The TCP connect timeout is the client's, not the request's: a request's connect timeout is a
        // timer per request for the wait on the pool, which never waits here.
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(timeoutMillis),
                new PoolOptions().setHttp1MaxSize(plan.concurrency()).setMaxWaitQueueSize(plan.concurrency()));
        this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.host()).setPort(url.port())
                .setURI(url.path()).putHeader("content-type", "application/json")
                .setIdleTimeout(timeoutMillis);
        this.body = Buffer.buffer(body);
    }

    @Override
    public CompletableFuture<String> send(LongConsumer frameLatency) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        client.request(request)
                .compose(req -> req.send(body))
                .compose(response -> response.body().map(answer -> outcomeOf.of(response.statusCode(), answer.getBytes())))
                .onComplete(answer -> outcome.complete(answer.succeeded() ? answer.result() : Failures.code(answer.cause())));
        return outcome;
    }

    @Override
    public void close() {
        Failures.awaitClose(client.close());
    }
}
