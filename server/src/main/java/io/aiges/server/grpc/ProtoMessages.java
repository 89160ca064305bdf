package io.aiges.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.aiges.engine.AigesError;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.session.SessionResult;
import io.aiges.server.FrontEndRules;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.Header;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.aiges.server.grpc.v1.OutputSpec;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates between the {@code aiges.v1} messages and the engine core's records. The enums share
 * their numbers with the api's, so types and statuses convert by number; a number this server does
 * not know (a newer client, a fuzzer) is the client's mistake, 10001, like a bad HTTP payload.
 */
final class ProtoMessages {
    private ProtoMessages() {
    }

    static io.aiges.engine.service.OnceRequest onceRequest(OnceRequest request, String sid) {
        return new io.aiges.engine.service.OnceRequest(sid, request.getHeadersMap(),
                FrontEndRules.params(request.getParamsMap(), sid), inputs(request.getInputsList()),
                expected(request.getOutputsList()));
    }

    /** A stream frame's data, and whether the client marked it as its last. */
    record Frame(List<io.aiges.api.DataItem> inputs, boolean last) {
    }

    static Frame frame(StreamRequest request) {
        List<io.aiges.api.DataItem> inputs = inputs(request.getInputsList());
        io.aiges.api.DataStatus status = status(request.getStatusValue(), "status");
        return new Frame(inputs, FrontEndRules.isLastFrame(status, inputs));
    }

    static OnceResponse onceResponse(OnceResult result) {
        return OnceResponse.newBuilder()
                .setHeader(header(result.sid(), result.status()))
                .addAllOutputs(outputs(result.outputs()))
                .build();
    }

    static StreamResponse streamResponse(SessionResult result) {
        return StreamResponse.newBuilder()
                .setHeader(header(result.sid(), result.status()))
                .addAllOutputs(outputs(result.outputs()))
                .build();
    }

    private static Header header(String sid, io.aiges.api.DataStatus status) {
        return Header.newBuilder()
                .setCode(AigesError.SUCCESS.code())
                .setMessage(AigesError.SUCCESS.message())
                .setSid(sid)
                .setStatusValue(status.wire())
                .build();
    }

    private static List<io.aiges.api.DataItem> inputs(List<DataItem> items) {
        List<io.aiges.api.DataItem> inputs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            DataItem item = items.get(i);
            String where = "inputs[" + i + "]";
            if (item.getKey().isEmpty()) {
                throw AigesError.PAYLOAD_CONVERSION.exception(where + ".key is empty; name the input (e.g. \"img\")");
            }
            inputs.add(FrontEndRules.input(item.getKey(), item.getData().toByteArray(),
                    type(item.getTypeValue(), where + ".type"), status(item.getStatusValue(), where + ".status"),
                    item.getDescriptorsMap()));
        }
        return inputs;
    }

    static List<io.aiges.engine.service.OutputSpec> expected(List<OutputSpec> specs) {
        List<io.aiges.engine.service.OutputSpec> outputs = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            OutputSpec spec = specs.get(i);
            String where = "outputs[" + i + "]";
            if (spec.getName().isEmpty()) {
                throw AigesError.INVALID_PARAM.exception(where + ".name is empty; name the output (e.g. \"result\")");
            }
            outputs.add(new io.aiges.engine.service.OutputSpec(spec.getName(),
                    spec.getAnyType() ? null : type(spec.getTypeValue(), where + ".type"), spec.getDescriptorsMap()));
        }
        return outputs;
    }

    private static List<DataItem> outputs(List<io.aiges.api.DataItem> items) {
        List<DataItem> outputs = new ArrayList<>(items.size());
        for (io.aiges.api.DataItem item : items) {
            outputs.add(DataItem.newBuilder()
                    .setKey(item.key())
                    // Output bytes are read-only once built (see DataItem), so they need no copy.
                    .setData(UnsafeByteOperations.unsafeWrap(item.data()))
                    .setTypeValue(item.type().wire())
                    .setStatusValue(item.status().wire())
                    .putAllDescriptors(item.descriptors())
                    .build());
        }
        return outputs;
    }

    private static io.aiges.api.DataType type(int wire, String where) {
        try {
            return io.aiges.api.DataType.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw AigesError.PAYLOAD_CONVERSION.exception(where + " is " + wire + "; use TEXT, AUDIO, IMAGE, VIDEO or OTHER");
        }
    }

    private static io.aiges.api.DataStatus status(int wire, String where) {
        try {
            return io.aiges.api.DataStatus.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw AigesError.PAYLOAD_CONVERSION.exception(where + " is " + wire + "; use BEGIN, CONTINUE, END or ONCE");
        }
    }
}
