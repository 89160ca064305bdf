package io.aiges.engine.jobs;

import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;

/**
 * How a front-end's request bytes become a {@link OnceRequest} and a result becomes its answer
 * bytes. Jobs store what the client sent and what a direct request would have answered, so a
 * job's result reads exactly like the direct answer, and the stores never need to know JSON.
 */
public interface JobCodec {
    /** The request of job {@code id} for {@code service}; throws {@link io.aiges.engine.AigesException} when it is bad. */
    OnceRequest decode(String service, String id, byte[] request);

    /** The answer bytes a direct request would get for this result. */
    byte[] encode(OnceResult result);
}
