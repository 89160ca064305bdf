package io.aiges.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.aiges.engine.jobs.Job;
import io.aiges.engine.jobs.JobState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A job as {@code GET /v1/jobs/{id}} and the completion webhook show it:
 * <pre>{@code
 * {"id":"…","service":"svcName","state":"done","submitted":"2026-11-25T21:40:00.123Z",
 *  "started":"…","finished":"…","attempts":1,
 *  "result":{"header":{"code":0,"message":"success","sid":"…","status":3},"payload":{…}}}
 * }</pre>
 * {@code result} is what a direct {@code POST /v1/{service}} answers: the answer itself when
 * done, the AIGES error JSON when failed; absent while queued or running.
 */
final class JobStatusJson {
    private static final JsonFactory JSON = new JsonFactory();

    private JobStatusJson() {
    }

    static byte[] of(Job job) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (job.answer() == null ? 0 : job.answer().length));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", job.id());
            json.writeStringField("service", job.service());
            json.writeStringField("state", job.state().wire());
            time(json, "submitted", job.submitted());
            time(json, "started", job.started());
            time(json, "finished", job.finished());
            json.writeNumberField("attempts", job.attempts());
            if (job.state() == JobState.DONE && job.answer() != null) {
                json.writeFieldName("result");
                json.writeRawValue(new String(job.answer(), StandardCharsets.UTF_8));
            } else if (job.state() == JobState.FAILED) {
                json.writeObjectFieldStart("result");
                json.writeObjectFieldStart("header");
                json.writeNumberField("code", job.code());
                json.writeStringField("message", job.message());
                json.writeStringField("sid", job.id());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void time(JsonGenerator json, String name, Instant at) throws IOException {
        if (at == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, at.toString());
        }
    }
}
