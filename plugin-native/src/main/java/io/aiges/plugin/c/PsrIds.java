package io.aiges.plugin.c;

import io.aiges.api.ClientText;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A request's personalisation resources, the {@code psrIds[]} / {@code psrCnt} of wrapperExec,
 * wrapperExecAsync and wrapperCreate: the ids of resources loaded with wrapperLoadRes (see
 * {@link Resources}), named by the request parameter {@code psrIds} as a comma-separated list
 * ({@code "3"}, {@code "1,2"}; a JSON array {@code [1, 2]} reads the same). No parameter is no
 * resources: NULL and 0, as the original always passes.
 */
record PsrIds(int[] ids) {
    /** The request parameter naming them. */
    static final String PARAM = "psrIds";
    static final PsrIds NONE = new PsrIds(new int[0]);
    /** More would be a mistake, not a use: the engine gets the array on every call. */
    static final int MAX = 1024;

    /** The ids a request names; 10107 when the parameter is not a list of unsigned 32-bit integers. */
    static PsrIds of(Params params) throws WrapperException {
        String text = params.get(PARAM).map(String::strip).orElse("");
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
            return NONE;
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX) {
            throw invalid(params, "at most " + MAX + " ids");
        }
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = parse(parts[i].strip(), params);
        }
        return new PsrIds(ids);
    }

    /** An unsigned id as the C {@code unsigned int} it becomes. */
    static int parse(String id, Params params) throws WrapperException {
        try {
            long value = Long.parseLong(id);
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw invalid(params, "ids from 0 to 4294967295");
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw invalid(params, "comma-separated resource ids");
        }
    }

    private static WrapperException invalid(Params params, String expected) {
        return new WrapperException(ErrorCodes.INVALID_PARAM_VALUE, "parameter '" + PARAM + "' must be " + expected
                + ", got '" + ClientText.cut(params.get(PARAM, "")) + "'");
    }

    int count() {
        return ids.length;
    }

    /** The C array, living as long as {@code arena}; NULL when there are none. */
    MemorySegment write(Arena arena) {
        return ids.length == 0 ? MemorySegment.NULL : arena.allocateFrom(JAVA_INT, ids);
    }
}
