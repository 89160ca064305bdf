package io.aiges.server.http;

import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.jobs.Job;
import io.aiges.engine.jobs.JobQueue;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.FrontEndRules;
import io.aiges.server.auth.Caller;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The async jobs API over HTTP:
 * <ul>
 *   <li>{@code POST /v1/{service}/jobs} with the usual AIGES body: 202, the job's status and
 *       {@code Location: /v1/jobs/{id}};</li>
 *   <li>{@code POST /v1/{service}} with {@code "header": {"downMethod": "async"}}, the original's
 *       async marker: the same 202 (the original published such results to RabbitMQ);</li>
 *   <li>{@code GET /v1/jobs/{id}} (or {@code /v1/{service}/jobs/{id}}): state, timestamps and, once
 *       answered, the result as a direct request gets it.</li>
 * </ul>
 * The body is checked when submitted, so a bad request gets its 10000/10001 at once, not a failed
 * job later. Store calls may block (Redis), so they run on worker threads, never the event loop.
 */
final class JobRoutes {
    /** The original's header field and value that ask for asynchronous delivery. */
    static final String ASYNC_HEADER = "downMethod";
    static final String ASYNC_VALUE = "async";
    private static final byte[] ASYNC_HEADER_BYTES = ASYNC_HEADER.getBytes(StandardCharsets.UTF_8);
    private static final String JSON = "application/json; charset=utf-8";

    private final Vertx vertx;
    private final ServiceRegistry registry;
    private final JobQueue queue;
    private final JobsConfig config;
    private final HttpJobCodec codec;
    private final OnceResponseEncoder errors;

    private final BodyBudget bodies;

    JobRoutes(Vertx vertx, ServiceRegistry registry, JobQueue queue, JobsConfig config, long maxBodyBytes,
              BodyBudget bodies) {
        this.bodies = bodies;
        this.vertx = vertx;
        this.registry = registry;
        this.queue = queue;
        this.config = config;
        this.codec = new HttpJobCodec(maxBodyBytes);
        this.errors = new OnceResponseEncoder();
    }

    void mount(Router router, long maxBodyBytes) {
        router.post("/v1/:service/jobs").handler(new BoundedBody(maxBodyBytes, bodies)).handler(this::submit);
        router.get("/v1/jobs/:id").handler(ctx -> status(ctx, null));
        router.get("/v1/:service/jobs/:id").handler(ctx -> status(ctx, ctx.pathParam("service")));
    }

    /**
     * On {@code POST /v1/{service}}, after the body is read: a body asking for async delivery
     * becomes a job; any other goes on to the direct path. Only bodies that mention the marker
     * at all are decoded here, so direct requests pay one byte scan, not a second parse.
     */
    void asyncMarker(HttpServerRequest request, String service, byte[] body, Caller caller, Runnable direct) {
        if (!contains(body, ASYNC_HEADER_BYTES)) {
            direct.run();
            return;
        }
        String address = RemoteAddress.of(request.remoteAddress());
        blocking(request.response(), () -> {
            OnceRequest checked = check(service, body);
            return ASYNC_VALUE.equals(checked.headers().get(ASYNC_HEADER))
                    ? Optional.of(enqueue(service, checked, address, caller, body)) : Optional.<Job>empty();
        }, job -> {
            if (job.isEmpty()) {
                direct.run();
            } else {
                accepted(request.response(), job.get());
            }
        });
    }

    private void submit(RoutingContext ctx) {
        String service = ctx.pathParam("service");
        byte[] body = BoundedBody.bytes(ctx);
        String address = RemoteAddress.of(ctx.request().remoteAddress());
        blocking(ctx.response(), () -> {
            // The size first: a body too large for a job is not worth decoding.
            registry.get(service);
            checkSize(body);
            return enqueue(service, check(service, body), address, HttpAccess.caller(ctx), body);
        }, job -> accepted(ctx.response(), job));
    }

    /** Checks the service and the body as a direct request would: bad input is refused now, not as a failed job. */
    private OnceRequest check(String service, byte[] body) {
        registry.get(service);
        return codec.decode(service, UUID.randomUUID().toString(), body);
    }

    /** Submits a checked request; it counts against its client's request rate as a direct request does. */
    private Job enqueue(String service, OnceRequest checked, String address, Caller caller, byte[] body) {
        checkSize(body);
        registry.get(service).admitJob(FrontEndRules.client(checked.headers(), address, caller));
        return queue.submit(service, body);
    }

    private void checkSize(byte[] body) {
        if (body.length > config.maxPayloadBytes()) {
            throw new PayloadTooLarge(body.length, config.maxPayloadBytes());
        }
    }

    private void status(RoutingContext ctx, String service) {
        String id = ctx.pathParam("id");
        blocking(ctx.response(), () -> queue.find(id).filter(job -> service == null || job.service().equals(service))
                .orElseThrow(() -> AigesError.JOB_NOT_FOUND.exception("no job " + ClientText.cut(id)
                        + (service == null ? "" : " of service " + service)
                        + "; its answer may have expired ([jobs] resultTtl = " + config.resultTtl().toSeconds() + " s)")),
                job -> ctx.response().putHeader("content-type", JSON).end(Buffer.buffer(JobStatusJson.of(job))));
    }

    private void accepted(HttpServerResponse response, Job job) {
        response.setStatusCode(202)
                .putHeader("location", "/v1/jobs/" + job.id())
                .putHeader("content-type", JSON)
                .end(Buffer.buffer(JobStatusJson.of(job)));
    }

    private interface Answer<T> {
        void send(T value);
    }

    /** Runs {@code work} off the event loop; answers with its value, or with its AIGES error. */
    private <T> void blocking(HttpServerResponse response, Callable<T> work, Answer<T> answer) {
        vertx.executeBlocking(work, false).onComplete(done -> {
            if (response.closed() || response.ended()) {
                return;
            }
            if (done.succeeded()) {
                answer.send(done.result());
            } else if (done.cause() instanceof PayloadTooLarge tooLarge) {
                fail(response, AigesError.INVALID_DATA.exception(tooLarge.getMessage()), 413);
            } else {
                AigesException error = AigesException.unwrap(done.cause());
                fail(response, error, HttpStatusOf.of(error.error()));
            }
        });
    }

    private void fail(HttpServerResponse response, AigesException error, int status) {
        if (status == 429 || status == 503) {
            response.putHeader("retry-after", "1");
        }
        response.setStatusCode(status).putHeader("content-type", JSON)
                .end(Buffer.buffer(errors.error(error, UUID.randomUUID().toString())));
    }

    /** A job body over {@code [jobs] maxPayload}: 10009 like any bad input, but HTTP 413. */
    private static final class PayloadTooLarge extends RuntimeException {
        PayloadTooLarge(long size, long limit) {
            super("the job's request is " + size + " bytes, over the limit of " + limit
                    + " bytes ([jobs] maxPayload); send large inputs as direct requests", null, false, false);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
