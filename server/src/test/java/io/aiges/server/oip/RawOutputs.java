package io.aiges.server.oip;

import io.aiges.server.oip.grpc.v2.ModelInferResponse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a gRPC answer's {@code raw_output_contents} as Triton's clients do ({@code as_numpy}). */
final class RawOutputs {
    private RawOutputs() {
    }

    static List<Float> floats(ModelInferResponse answer, int output) {
        ByteBuffer in = answer.getRawOutputContents(output).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<Float> out = new ArrayList<>();
        while (in.hasRemaining()) {
            out.add(in.getFloat());
        }
        return out;
    }

    /** BYTES elements: each a 4-byte little-endian length, then the bytes. */
    static List<String> strings(ModelInferResponse answer, int output) {
        ByteBuffer in = answer.getRawOutputContents(output).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] element = new byte[in.getInt()];
            in.get(element);
            out.add(new String(element, StandardCharsets.UTF_8));
        }
        return out;
    }
}
