package io.aiges.server.oip;

import java.util.List;

/** The answer to an {@link InferRequest}: the model and version that answered, the request id, the outputs. */
public record InferResponse(String model, String version, String id, List<Tensor> outputs) {
    public InferResponse {
        outputs = List.copyOf(outputs);
    }
}
