package io.aiges.api;

import java.util.List;

/**
 * One request inside a batch handed to {@link BatchWrapper#onceBatch}: what {@link Wrapper#once}
 * would have been given for it alone.
 */
public record BatchItem(Params params, List<DataItem> inputs) {
    public BatchItem {
        inputs = List.copyOf(inputs);
    }
}
