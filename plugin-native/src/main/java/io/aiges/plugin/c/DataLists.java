package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Converts between {@link DataItem}s and C {@code DataList}s, always by copying the bytes. */
final class DataLists {

    private DataLists() {
    }

    /** A list holding copies of {@code items}, in order; NULL for no items. Lives as long as {@code arena}. */
    static MemorySegment write(List<DataItem> items, Arena arena) {
        MemorySegment head = MemorySegment.NULL;
        MemorySegment last = null;
        for (DataItem item : items) {
            MemorySegment node = arena.allocate(CStructs.DATA_LIST);
            byte[] bytes = item.data();
            // Never a NULL data pointer, even for empty data: engines written for the original
            // loader may not check before reading.
            MemorySegment data = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, data, JAVA_BYTE, 0, bytes.length);
            node.set(ADDRESS, CStructs.DATA_KEY, arena.allocateFrom(item.key()));
            node.set(ADDRESS, CStructs.DATA_DATA, data);
            node.set(JAVA_INT, CStructs.DATA_LEN, bytes.length);
            node.set(JAVA_INT, CStructs.DATA_TYPE, item.type().wire());
            node.set(JAVA_INT, CStructs.DATA_STATUS, item.status().wire());
            node.set(ADDRESS, CStructs.DATA_DESC, ParamLists.write(item.descriptors(), arena));
            node.set(ADDRESS, CStructs.DATA_NEXT, MemorySegment.NULL);
            if (last == null) {
                head = node;
            } else {
                last.set(ADDRESS, CStructs.DATA_NEXT, node);
            }
            last = node;
        }
        return head;
    }

    /**
     * Copies an engine's list into Java objects; the list itself stays untouched (the engine frees it).
     * A node with an unknown type or status, or too much data, fails as 10106, the original's
     * "wrapper output data invalid".
     */
    static List<DataItem> read(MemorySegment head) throws WrapperException {
        List<DataItem> items = new ArrayList<>();
        MemorySegment node = head;
        while (!node.equals(MemorySegment.NULL)) {
            if (items.size() == CStructs.MAX_NODES) {
                throw invalid("engine output list longer than " + CStructs.MAX_NODES + " nodes (corrupt or cyclic?)");
            }
            node = node.reinterpret(CStructs.DATA_LIST.byteSize());
            items.add(readNode(node));
            node = node.get(ADDRESS, CStructs.DATA_NEXT);
        }
        return items;
    }

    private static DataItem readNode(MemorySegment node) throws WrapperException {
        String key = CStrings.read(node.get(ADDRESS, CStructs.DATA_KEY));
        long len = Integer.toUnsignedLong(node.get(JAVA_INT, CStructs.DATA_LEN));
        MemorySegment data = node.get(ADDRESS, CStructs.DATA_DATA);
        if (len > Integer.MAX_VALUE - 8) {
            throw invalid("engine output '" + key + "' has " + len + " bytes, more than a Java array holds");
        }
        if (len > 0 && data.equals(MemorySegment.NULL)) {
            throw invalid("engine output '" + key + "' has len " + len + " but a NULL data pointer");
        }
        byte[] bytes = len == 0 ? new byte[0] : data.reinterpret(len).toArray(JAVA_BYTE);
        int type = node.get(JAVA_INT, CStructs.DATA_TYPE);
        int status = node.get(JAVA_INT, CStructs.DATA_STATUS);
        try {
            return new DataItem(key, bytes, DataType.fromWire(type), DataStatus.fromWire(status),
                    ParamLists.read(node.get(ADDRESS, CStructs.DATA_DESC)));
        } catch (IllegalArgumentException e) {
            throw invalid("engine output '" + key + "': " + e.getMessage());
        }
    }

    private static WrapperException invalid(String message) {
        return new WrapperException(ErrorCodes.INVALID_PARAM, message);
    }
}
