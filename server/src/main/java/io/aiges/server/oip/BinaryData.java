package io.aiges.server.oip;

import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;

import java.util.Map;

/**
 * The names of the binary tensor data extension (Triton's {@code binary_tensor_data}): a body
 * whose first {@code Inference-Header-Content-Length} bytes are the JSON request and the rest the
 * tensors' raw bytes, one after another in input order, each as long as its
 * {@code binary_data_size} parameter says. Outputs are answered the same way when asked for with
 * {@code "binary_data": true} (one output) or {@code "binary_data_output": true} (all).
 */
final class BinaryData {
    static final String HEADER = "Inference-Header-Content-Length";
    /** Input and output tensor parameter: the tensor's bytes in the binary part. */
    static final String SIZE = "binary_data_size";
    /** Requested output parameter: answer this output in binary. */
    static final String OUTPUT = "binary_data";
    /** Request parameter: answer every output in binary. */
    static final String OUTPUT_ALL = "binary_data_output";

    private BinaryData() {
    }

    /** A boolean parameter, true only when it is {@code true}; anything but a boolean is a 10009. */
    static boolean flag(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw AigesError.INVALID_DATA.exception("parameter '" + name + "' must be true or false, got "
                + ClientText.cut(String.valueOf(value)));
    }
}
