package io.aiges.server.http;

import io.aiges.engine.jobs.JobCodec;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;

/**
 * Jobs keep the client's AIGES JSON body as it came and the JSON a direct {@code POST /v1/{service}}
 * would answer, so a job's result is byte for byte the direct answer (with the job id as sid).
 */
public final class HttpJobCodec implements JobCodec {
    private final OnceRequestDecoder decoder;
    private final OnceResponseEncoder encoder;

    /** @param maxBodyBytes the HTTP body limit ({@code [aiges] maxBodySize}), which bounds JSON strings too */
    public HttpJobCodec(long maxBodyBytes) {
        var mapper = Json.mapper(maxBodyBytes);
        this.decoder = new OnceRequestDecoder(mapper);
        this.encoder = new OnceResponseEncoder();
    }

    @Override
    public OnceRequest decode(String service, String id, byte[] request) {
        return decoder.decode(request, service, id);
    }

    @Override
    public byte[] encode(OnceResult result) {
        return encoder.success(result);
    }
}
