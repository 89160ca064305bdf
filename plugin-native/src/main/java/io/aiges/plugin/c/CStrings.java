package io.aiges.plugin.c;

import java.lang.foreign.MemorySegment;

/** Reads NUL-terminated UTF-8 strings the engine hands over. */
final class CStrings {

    private CStrings() {
    }

    /** The string at {@code pointer}, or "" for NULL. */
    static String read(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return "";
        }
        // The engine promises a terminating NUL; the length is unknown until it is found.
        return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** The string at {@code pointer}, or {@code fallback} for NULL. */
    static String readOr(MemorySegment pointer, String fallback) {
        return pointer.equals(MemorySegment.NULL) ? fallback : read(pointer);
    }
}
