package io.aiges.plugin.c;

import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Converts between string maps and C {@code ParamList}s (configuration, parameters, descriptors). */
final class ParamLists {

    private ParamLists() {
    }

    /** A list holding {@code values}, in the map's order; NULL for an empty map. Lives as long as {@code arena}. */
    static MemorySegment write(Map<String, String> values, Arena arena) {
        MemorySegment head = MemorySegment.NULL;
        MemorySegment last = null;
        for (Map.Entry<String, String> e : values.entrySet()) {
            MemorySegment node = arena.allocate(CStructs.PARAM_LIST);
            String value = e.getValue() == null ? "" : e.getValue();
            node.set(ADDRESS, CStructs.PARAM_KEY, arena.allocateFrom(e.getKey()));
            node.set(ADDRESS, CStructs.PARAM_VALUE, arena.allocateFrom(value));
            node.set(JAVA_INT, CStructs.PARAM_VLEN, value.getBytes(StandardCharsets.UTF_8).length);
            node.set(ADDRESS, CStructs.PARAM_NEXT, MemorySegment.NULL);
            if (last == null) {
                head = node;
            } else {
                last.set(ADDRESS, CStructs.PARAM_NEXT, node);
            }
            last = node;
        }
        return head;
    }

    /** Copies an engine's list into a map; a NULL key or value reads as "". */
    static Map<String, String> read(MemorySegment head) throws WrapperException {
        Map<String, String> values = new LinkedHashMap<>();
        MemorySegment node = head;
        for (int n = 0; !node.equals(MemorySegment.NULL); n++) {
            if (n == CStructs.MAX_NODES) {
                throw new WrapperException(ErrorCodes.INVALID_PARAM,
                        "engine descriptor list longer than " + CStructs.MAX_NODES + " nodes (corrupt or cyclic?)");
            }
            node = node.reinterpret(CStructs.PARAM_LIST.byteSize());
            values.put(CStrings.read(node.get(ADDRESS, CStructs.PARAM_KEY)),
                    CStrings.read(node.get(ADDRESS, CStructs.PARAM_VALUE)));
            node = node.get(ADDRESS, CStructs.PARAM_NEXT);
        }
        return values;
    }
}
