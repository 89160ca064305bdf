package io.aiges.server.oip;

import java.util.List;
import java.util.Map;

/**
 * An inference request as the REST and gRPC front-ends decode it.
 *
 * @param version    the version the client named, or null for "the one served"
 * @param id         the client's request id, echoed in the response; may be empty
 * @param parameters request parameters: JSON scalars as Boolean, Long, Double or String
 * @param outputs    the outputs the client asked for; empty means every output
 */
public record InferRequest(String model, String version, String id, Map<String, Object> parameters,
                           List<Tensor> inputs, List<RequestedOutput> outputs) {
    public InferRequest {
        parameters = Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** An output the client asked for, with its parameters ({@code binary_data}, ...). */
    public record RequestedOutput(String name, Map<String, Object> parameters) {
        public RequestedOutput {
            parameters = Map.copyOf(parameters);
        }
    }
}
