package io.aiges.server.oip;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Java engine for OIP tests, as a user's engine would see tensors: every input item comes back
 * under the same key with its bytes and its {@code dtype} and {@code shape} descriptors, plus an
 * output {@code params} (no dtype, so a BYTES tensor) listing the parameters it received.
 */
public final class TensorEchoEngine implements Wrapper {
    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) {
        List<DataItem> out = new ArrayList<>();
        for (DataItem in : inputs) {
            Map<String, String> descriptors = new TreeMap<>();
            descriptors.put("dtype", in.descriptor("dtype", "BYTES"));
            descriptors.put("shape", in.descriptor("shape", ""));
            out.add(DataItem.of(in.key(), in.data(), DataType.OTHER).withDescriptors(descriptors));
        }
        StringBuilder listing = new StringBuilder();
        new TreeMap<>(params.values()).forEach((k, v) -> listing.append(k).append('=').append(v).append('\n'));
        out.add(DataItem.text("params", listing.toString()));
        return out;
    }

    @Override
    public ServiceSchema schema() {
        return new ServiceSchema(
                List.of(new ServiceSchema.Field("x", DataType.OTHER, "any tensor", Map.of("dtype", "FP32", "shape", "-1,4"))),
                List.of(new ServiceSchema.Field("x", DataType.OTHER, "the same tensor", Map.of("dtype", "FP32", "shape", "-1,4")),
                        new ServiceSchema.Field("params", DataType.TEXT, "parameters seen", Map.of())),
                List.of());
    }
}
