package io.aiges.plugin.c.isolated;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary framing between the parent and the engine child. A frame is
 * {@code int length, long callId, byte op, body}, where length counts everything after itself.
 * Bodies are built from strings ({@code int byteLength, UTF-8 bytes}), maps
 * ({@code int count, (key, value)*}) and item lists
 * ({@code int count, (key, int type, int status, map descriptors, int length, bytes)*}).
 * Strings are not written with {@code writeUTF}: that caps them at 64 KiB and mangles NULs.
 */
final class Wire {
    /** Parent to child, call id 0: the engine to open (service, artefact, base dir, config, options). */
    static final byte OPEN = 1;
    /** Parent to child: one one-shot request (params, items). */
    static final byte ONCE = 2;
    /** Parent to child: opens a streaming session (params); the frame's call id names the session from then on. */
    static final byte CREATE = 3;
    /** Parent to child: one frame into a session (long session, items). */
    static final byte WRITE = 4;
    /** Parent to child: what a session has ready (long session). */
    static final byte READ = 5;
    /** Parent to child: ends a session (long session). */
    static final byte DESTROY = 6;
    /**
     * Parent to child: several one-shot requests for the engine's wrapperExecBatch (int count,
     * (params, items)*); answered by RESULT with outcomes ({@link #writeOutcomes}), or FAILURE
     * when the call as a whole failed.
     */
    static final byte ONCE_BATCH = 7;
    /** Child to parent, call id 0: the engine is open (version, boolean batches: it exports wrapperExecBatch). */
    static final byte READY = 10;
    /** Child to parent, call id 0: opening failed (int code, message); the child then exits. */
    static final byte OPEN_FAILED = 11;
    /** Child to parent: a request's outputs (items), or a batch's outcomes for ONCE_BATCH. */
    static final byte RESULT = 12;
    /** Child to parent: a request with no outputs (create, write, destroy) succeeded. */
    static final byte DONE = 15;
    /** Child to parent: a request failed with a WrapperException (int code, message). */
    static final byte FAILURE = 13;
    /** Child to parent: a request failed with an unexpected exception (message), a bug rather than an engine error. */
    static final byte BUG = 14;

    /** Larger frames mean a corrupt stream: nothing legitimate comes near a Java array's limit. */
    private static final int MAX_FRAME = Integer.MAX_VALUE - 64;

    private Wire() {
    }

    /** Writes a frame's body. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads what a RESULT frame's body holds for the call it answers. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** An outcome's tag in {@link #writeOutcomes}. */
    private static final byte OUTPUTS = 0;
    private static final byte FAILED = 1;

    /** A received frame; {@code body} is positioned after the op. */
    record Frame(long id, byte op, DataInputStream body) {
    }

    /** Encodes a whole frame, so the writer holds its lock only while copying finished bytes. */
    static byte[] frame(long id, byte op, Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0); // the length, patched below
            out.writeLong(id);
            out.writeByte(op);
            body.write(out);
            out.flush();
            byte[] frame = bytes.toByteArray();
            int length = frame.length - Integer.BYTES;
            frame[0] = (byte) (length >>> 24);
            frame[1] = (byte) (length >>> 16);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** The next frame, or null when the stream ended cleanly between frames. */
    static Frame read(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (length < Long.BYTES + 1 || length > MAX_FRAME) {
            throw new IOException("corrupt frame: length " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        DataInputStream body = new DataInputStream(new ByteArrayInputStream(payload));
        return new Frame(body.readLong(), body.readByte(), body);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue() == null ? "" : e.getValue());
        }
    }

    static Map<String, String> readMap(DataInputStream in) throws IOException {
        int count = count(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    static void writeItems(DataOutputStream out, List<DataItem> items) throws IOException {
        out.writeInt(items.size());
        for (DataItem item : items) {
            writeString(out, item.key());
            out.writeInt(item.type().wire());
            out.writeInt(item.status().wire());
            writeMap(out, item.descriptors());
            out.writeInt(item.data().length);
            out.write(item.data());
        }
    }

    static List<DataItem> readItems(DataInputStream in) throws IOException {
        int count = count(in);
        List<DataItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = readString(in);
            int type = in.readInt();
            int status = in.readInt();
            Map<String, String> descriptors = readMap(in);
            try {
                items.add(new DataItem(key, readBytes(in), DataType.fromWire(type), DataStatus.fromWire(status),
                        descriptors));
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt item '" + key + "': " + e.getMessage(), e);
            }
        }
        return items;
    }

    static void writeBatch(DataOutputStream out, List<BatchItem> batch) throws IOException {
        out.writeInt(batch.size());
        for (BatchItem item : batch) {
            writeMap(out, item.params().values());
            writeItems(out, item.inputs());
        }
    }

    static List<BatchItem> readBatch(DataInputStream in) throws IOException {
        int count = count(in);
        List<BatchItem> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(new BatchItem(new Params(readMap(in)), readItems(in)));
        }
        return batch;
    }

    /** {@code int count, (byte 0, items | byte 1, int code, message)*}: each request's outputs or failure. */
    static void writeOutcomes(DataOutputStream out, List<BatchOutcome> outcomes) throws IOException {
        out.writeInt(outcomes.size());
        for (BatchOutcome outcome : outcomes) {
            switch (outcome) {
                case BatchOutcome.Outputs outputs -> {
                    out.writeByte(OUTPUTS);
                    writeItems(out, outputs.items());
                }
                case BatchOutcome.Failed failed -> {
                    out.writeByte(FAILED);
                    out.writeInt(failed.error().code());
                    writeString(out, failed.error().getMessage() == null ? "" : failed.error().getMessage());
                }
            }
        }
    }

    static List<BatchOutcome> readOutcomes(DataInputStream in) throws IOException {
        int count = count(in);
        List<BatchOutcome> outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte tag = in.readByte();
            outcomes.add(switch (tag) {
                case OUTPUTS -> BatchOutcome.of(readItems(in));
                case FAILED -> {
                    int code = in.readInt();
                    yield BatchOutcome.failed(new WrapperException(code, readString(in)));
                }
                default -> throw new IOException("corrupt frame: outcome tag " + tag);
            });
        }
        return outcomes;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[count(in)];
        in.readFully(bytes);
        return bytes;
    }

    /** A count or length, checked against what the frame can still hold so corruption fails cleanly. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new EOFException("corrupt frame: count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }
}
