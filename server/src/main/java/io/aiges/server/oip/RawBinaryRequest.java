package io.aiges.server.oip;

import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.engine.service.Service;

import java.util.List;
import java.util.Map;

/**
 * Triton's raw binary request: {@code Inference-Header-Content-Length: 0} and a body that is
 * only the tensor, for a model with a single input. Datatype and shape come from the model's
 * metadata; one dimension of any size (-1) is deduced from the body's length, so the MNIST model's
 * {@code [-1, 1, 28, 28]} FP32 input takes 3136 bytes as one picture, 6272 as two. Every output
 * comes back, in JSON, as for a request that names none.
 */
final class RawBinaryRequest {
    private RawBinaryRequest() {
    }

    static InferRequest of(OipModels models, Service service, String version, byte[] body) {
        OipModels.Metadata metadata = models.metadata(service);
        if (metadata.inputs().size() != 1) {
            throw AigesError.INVALID_DATA.exception("a raw binary request (" + BinaryData.HEADER + ": 0) needs a model"
                    + " with one input; model '" + ClientText.cut(service.name()) + "' has " + metadata.inputs().size());
        }
        if (body.length == 0) {
            throw AigesError.INVALID_DATA.exception("a raw binary request (" + BinaryData.HEADER + ": 0) is the input"
                    + " tensor itself, but the body is empty");
        }
        OipModels.TensorMeta input = metadata.inputs().getFirst();
        Datatype type = Datatype.parse(input.datatype());
        if (type == Datatype.BYTES) {
            throw AigesError.INVALID_DATA.exception("a raw binary request (" + BinaryData.HEADER + ": 0) cannot carry"
                    + " the BYTES input '" + ClientText.cut(input.name()) + "': its shape cannot be told from its length;"
                    + " send a JSON header with binary_data_size");
        }
        Tensor tensor = Tensor.of(input.name(), type, shape(input, type, body.length), Map.of(), body);
        return new InferRequest(service.name(), version, "", Map.of(), List.of(tensor), List.of());
    }

    /** The input's shape with its one -1 replaced by what the body's length says; several -1: refused. */
    private static long[] shape(OipModels.TensorMeta input, Datatype type, int bytes) {
        long[] shape = input.shape().clone();
        int open = -1;
        long fixed = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                if (open >= 0) {
                    throw AigesError.INVALID_DATA.exception("a raw binary request (" + BinaryData.HEADER + ": 0) cannot"
                            + " tell the shape of input '" + ClientText.cut(input.name()) + "', which has more than one"
                            + " dimension of any size; send a JSON header with its shape");
                }
                open = i;
            } else {
                fixed = Math.multiplyExact(fixed, shape[i]);
            }
        }
        long elementBytes = Math.multiplyExact(fixed, type.size());
        if (open >= 0) {
            shape[open] = elementBytes == 0 ? 0 : bytes / elementBytes;
            if (elementBytes == 0 || bytes % elementBytes != 0) {
                throw AigesError.INVALID_DATA.exception("input '" + ClientText.cut(input.name()) + "' takes multiples of "
                        + elementBytes + " bytes, but the raw binary request has " + bytes);
            }
        }
        return shape;
    }
}
