package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * One-shot requests through {@code wrapperExec}: the engine allocates the response, aiges copies
 * it and hands it back with {@code wrapperExecFree}. Everything aiges allocates for the call
 * lives in the call's own arena and is freed when the call returns.
 */
final class SyncOnce implements OnceCall {
    private final WrapperFunctions functions;

    SyncOnce(WrapperFunctions functions) {
        this.functions = functions;
    }

    @Override
    public List<DataItem> once(String usrTag, Params params, List<DataItem> inputs) throws WrapperException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment tag = call.allocateFrom(usrTag);
            MemorySegment response = call.allocate(ADDRESS); // zeroed: NULL until the engine sets it
            PsrIds psr = PsrIds.of(params);
            int ret = functions.exec(tag, ParamLists.write(params.values(), call), DataLists.write(inputs, call),
                    response, psr.write(call), psr.count());
            if (ret != 0) {
                if (!response.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                    functions.execFree(tag, response); // a partial response is still the engine's to free
                }
                throw functions.failure(ret);
            }
            try {
                return DataLists.read(response.get(ADDRESS, 0));
            } finally {
                functions.execFree(tag, response);
            }
        }
    }
}
