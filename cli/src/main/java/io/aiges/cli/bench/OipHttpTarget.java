package io.aiges.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * {@code POST /v2/models/m/infer} (Open Inference Protocol v2 over REST) with the body, over the
 * same keep-alive pool as {@link HttpTarget}. OIP answers carry no AIGES header: success is status
 * 200 with an {@code outputs} array; any other status is the failure, counted as {@code http-<status>}
 * (the server answers those with {@code {"error": "..."}}, and the status says whose fault it is).
 */
final class OipHttpTarget implements Target {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClientAgent client;
    private final RequestOptions request;
    private final Buffer body;

    OipHttpTarget(Vertx vertx, BenchUrl url, byte[] body, LoadPlan plan) {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, plan.timeout().toMillis());
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
                .compose(response -> response.body().map(answer -> outcome(response.statusCode(), answer.getBytes())))
                .onComplete(answer -> outcome.complete(answer.succeeded() ? answer.result() : Failures.code(answer.cause())));
        return outcome;
    }

    /** {@link Target#SUCCESS} for a 200 with outputs; {@code http-<status>} for another status; else transport. */
    static String outcome(int status, byte[] answer) {
        if (status != 200) {
            return "http-" + status;
        }
        try {
            JsonNode outputs = JSON.readTree(answer).path("outputs");
            return outputs.isArray() ? SUCCESS : TRANSPORT;
        } catch (IOException e) {
            return TRANSPORT;
        }
    }

    @Override
    public void close() {
        Failures.awaitClose(client.close());
    }
}
