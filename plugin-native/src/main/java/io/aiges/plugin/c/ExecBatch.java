package io.aiges.plugin.c;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.WrapperException;

import java.util.List;

/** How a batch reaches a C engine's wrapperExecBatch: in this process ({@link CBatch}) or in its isolated child. */
@FunctionalInterface
interface ExecBatch {

    /** One outcome per request, in order; throws when the call as a whole failed. */
    List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException;
}
