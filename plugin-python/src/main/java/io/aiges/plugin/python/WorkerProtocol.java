package io.aiges.plugin.python;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The requests the loader sends a worker and how their answers read; the Python twin is
 * {@code aiges/_worker.py}, whose docstring describes the framing.
 */
final class WorkerProtocol {
    /** Kind of an answer that carries the result. */
    static final byte OK = 'K';
    /** Kind of an answer that carries an AIGES code and a message. */
    static final byte ERROR = 'E';
    /** The code the worker reports for a malformed answer of the wrapper. */
    static final int USER_EXEC_ERROR = 30003;

    private WorkerProtocol() {
    }

    static MessageWriter init(Map<String, String> config) {
        return new MessageWriter('I').map(config);
    }

    static MessageWriter once(Params params, List<DataItem> inputs) {
        return items(new MessageWriter('O').map(params.values()), inputs);
    }

    /**
     * {@code wrapperOnceExecBatch} for {@code batch}, only to a wrapper whose declaration says it
     * batches; the answer reads as {@link #outcomes}.
     */
    static MessageWriter batch(List<BatchItem> batch) {
        MessageWriter request = new MessageWriter('B').u32(batch.size());
        for (BatchItem item : batch) {
            items(request.map(item.params().values()), item.inputs());
        }
        return request;
    }

    /** Opens a session; the answer carries its handle (see {@link #handle}). */
    static MessageWriter create(Params params) {
        return new MessageWriter('C').map(params.values());
    }

    static MessageWriter write(String handle, List<DataItem> inputs) {
        return items(new MessageWriter('W').string(handle), inputs);
    }

    /** Collects a session's results; the answer reads as {@link #outputs}. */
    static MessageWriter read(String handle) {
        return new MessageWriter('R').string(handle);
    }

    static MessageWriter destroy(String handle) {
        return new MessageWriter('D').string(handle);
    }

    private static MessageWriter items(MessageWriter request, List<DataItem> inputs) {
        request.u32(inputs.size());
        for (DataItem item : inputs) {
            request.string(item.key()).u8(item.type().wire()).u8(item.status().wire())
                    .map(item.descriptors()).bytes(item.data());
        }
        return request;
    }

    static MessageWriter schema() {
        return new MessageWriter('S');
    }

    static MessageWriter fini() {
        return new MessageWriter('F');
    }

    /** The session handle of a create answer. */
    static String handle(MessageReader answer) {
        return answer.string();
    }

    /** The items of a once or read answer. */
    static List<DataItem> outputs(MessageReader answer) throws WrapperException {
        int n = answer.u32();
        List<DataItem> items = new ArrayList<>(n);
        WrapperException malformed = null;
        // Every item is read before one is refused, so a batch answer reads on to the next request.
        for (int i = 0; i < n; i++) {
            String key = answer.string();
            int type = answer.u8();
            int status = answer.u8();
            byte[] data = answer.bytes();
            if (type > DataType.OTHER.wire() || status > DataStatus.ONCE.wire()) {
                malformed = new WrapperException(USER_EXEC_ERROR, "response item '" + key + "' has type " + type
                        + " and status " + status + "; use DataText/DataAudio/DataImage/DataVideo and Once");
            } else {
                items.add(new DataItem(key, data, DataType.fromWire(type), DataStatus.fromWire(status), Map.of()));
            }
        }
        if (malformed != null) {
            throw malformed;
        }
        return items;
    }

    /** Each request's part of a batch answer, in the batch's order: its items or its own failure. */
    static List<BatchOutcome> outcomes(MessageReader answer, int expected) throws WrapperException {
        int n = answer.u32();
        if (n != expected) {
            throw new WrapperException(USER_EXEC_ERROR, "python worker answered a batch of " + expected
                    + " requests with " + n + " answers");
        }
        List<BatchOutcome> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (answer.flag()) {
                outcomes.add(BatchOutcome.failed(new WrapperException(answer.i32(), answer.string())));
                continue;
            }
            try {
                outcomes.add(BatchOutcome.of(outputs(answer)));
            } catch (WrapperException e) {
                outcomes.add(BatchOutcome.failed(e));
            }
        }
        return outcomes;
    }

    /**
     * What the wrapper declares: its service id and version, its schema, and whether it batches
     * (defines {@code wrapperOnceExecBatch}).
     */
    record Declaration(String serviceId, String version, ServiceSchema schema, boolean batches) {
    }

    static Declaration declaration(MessageReader answer) {
        String serviceId = answer.string();
        String version = answer.string();
        // A wrapper's body fields are all required, as the original's schema says (minLength 1).
        List<ServiceSchema.Field> inputs = fields(answer, true);
        List<ServiceSchema.Field> outputs = fields(answer, false);
        int n = answer.u32();
        List<ServiceSchema.Param> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = answer.string();
            String type = answer.string();
            String description = answer.string();
            boolean hasDefault = answer.flag();
            String defaultValue = answer.string();
            params.add(new ServiceSchema.Param(name, type, description, hasDefault ? defaultValue : null,
                    answer.flag()));
        }
        return new Declaration(serviceId, version, new ServiceSchema(inputs, outputs, params), answer.flag());
    }

    private static List<ServiceSchema.Field> fields(MessageReader answer, boolean required) {
        int n = answer.u32();
        List<ServiceSchema.Field> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = answer.string();
            int type = answer.u8();
            String description = answer.string();
            Map<String, String> descriptors = answer.map();
            DataType dataType = type <= DataType.OTHER.wire() ? DataType.fromWire(type) : DataType.OTHER;
            fields.add(new ServiceSchema.Field(name, dataType, description, descriptors, required));
        }
        return fields;
    }
}
