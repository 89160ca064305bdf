package io.aiges.plugin.c;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The memory layouts of {@code ParamList} and {@code DataList} from {@code include/aiges/type.h},
 * for LP64 platforms (x86_64, aarch64): 8-byte pointers, 4-byte {@code unsigned int} and enums.
 * The padding is spelled out because C aligns the pointer that follows a 4-byte field to 8.
 */
final class CStructs {

    /** {@code struct ParamList {char* key; char* value; unsigned int vlen; struct ParamList* next;}}: 32 bytes. */
    static final StructLayout PARAM_LIST = MemoryLayout.structLayout(
            ADDRESS.withName("key"),
            ADDRESS.withName("value"),
            JAVA_INT.withName("vlen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("next")).withName("ParamList");

    /**
     * {@code struct DataList {char* key; void* data; unsigned int len; DataType type; DataStatus status;
     * pDescList desc; struct DataList* next;}}: 48 bytes.
     */
    static final StructLayout DATA_LIST = MemoryLayout.structLayout(
            ADDRESS.withName("key"),
            ADDRESS.withName("data"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("type"),
            JAVA_INT.withName("status"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("desc"),
            ADDRESS.withName("next")).withName("DataList");

    static final long PARAM_KEY = offset(PARAM_LIST, "key");
    static final long PARAM_VALUE = offset(PARAM_LIST, "value");
    static final long PARAM_VLEN = offset(PARAM_LIST, "vlen");
    static final long PARAM_NEXT = offset(PARAM_LIST, "next");

    static final long DATA_KEY = offset(DATA_LIST, "key");
    static final long DATA_DATA = offset(DATA_LIST, "data");
    static final long DATA_LEN = offset(DATA_LIST, "len");
    static final long DATA_TYPE = offset(DATA_LIST, "type");
    static final long DATA_STATUS = offset(DATA_LIST, "status");
    static final long DATA_DESC = offset(DATA_LIST, "desc");
    static final long DATA_NEXT = offset(DATA_LIST, "next");

    /**
     * Longest list read back from an engine: a corrupt or cyclic {@code next} chain ends in an
     * error instead of an endless loop.
     */
    static final int MAX_NODES = 1 << 16;

    private CStructs() {
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }
}
