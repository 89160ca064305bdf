package io.aiges.plugin.c;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.WrapperException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Batches of one-shot requests through {@code wrapperExecBatch}, aiges's extension of the ABI:
 * request i is element i of every array. As with wrapperExec, the engine allocates each
 * response, aiges copies it and hands it back with {@code wrapperExecFree}; everything aiges
 * allocates lives in the call's own arena.
 */
final class CBatch implements ExecBatch {
    static final String SYMBOL = "wrapperExecBatch";

    private final WrapperFunctions functions;

    CBatch(WrapperFunctions functions) {
        this.functions = functions;
    }

    /** The batch key: requests share a call only when they name the same resources, passed once for all. */
    static String key(PsrIds psr) {
        StringBuilder key = new StringBuilder();
        for (int id : psr.ids()) {
            key.append(Integer.toUnsignedString(id)).append(',');
        }
        return key.toString();
    }

    @Override
    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        int count = batch.size();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment tags = call.allocate(ADDRESS, count);
            MemorySegment params = call.allocate(ADDRESS, count);
            MemorySegment reqs = call.allocate(ADDRESS, count);
            MemorySegment resps = call.allocate(ADDRESS, count); // zeroed: NULL until the engine sets them
            MemorySegment rets = call.allocate(JAVA_INT, count); // zeroed: answered unless the engine says otherwise
            for (int i = 0; i < count; i++) {
                BatchItem item = batch.get(i);
                tags.setAtIndex(ADDRESS, i, call.allocateFrom(CInstance.usrTag(item.params())));
                params.setAtIndex(ADDRESS, i, ParamLists.write(item.params().values(), call));
                reqs.setAtIndex(ADDRESS, i, DataLists.write(item.inputs(), call));
            }
            PsrIds psr = PsrIds.of(batch.getFirst().params()); // the batch key: the same for every request
            int ret = functions.execBatch(count, tags, params, reqs, resps, rets, psr.write(call), psr.count());
            try {
                if (ret != 0) {
                    throw new WrapperException(ret, SYMBOL + " of " + functions.library() + " failed for the whole batch of "
                            + count + " requests: " + functions.errorText(ret));
                }
                return outcomes(resps, rets, count);
            } finally {
                free(tags, resps, count);
            }
        }
    }

    private List<BatchOutcome> outcomes(MemorySegment resps, MemorySegment rets, int count) {
        List<BatchOutcome> outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int ret = rets.getAtIndex(JAVA_INT, i);
            try {
                if (ret != 0) {
                    throw functions.failure(ret);
                }
                outcomes.add(BatchOutcome.of(DataLists.read(resps.getAtIndex(ADDRESS, i))));
            } catch (WrapperException e) {
                outcomes.add(BatchOutcome.failed(e)); // a failed or unreadable answer fails its own request only
            }
        }
        return outcomes;
    }

    /** Every response the engine set, failed requests' partial ones too, is the engine's to free. */
    private void free(MemorySegment tags, MemorySegment resps, int count) {
        for (int i = 0; i < count; i++) {
            if (!resps.getAtIndex(ADDRESS, i).equals(MemorySegment.NULL)) {
                functions.execFree(tags.getAtIndex(ADDRESS, i), resps.asSlice(i * ADDRESS.byteSize(), ADDRESS.byteSize()));
            }
        }
    }
}
