package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;

import java.util.List;

/** The cheapest possible engine: one short text output, so a benchmark measures aiges, not an engine. */
public final class BenchEchoEngine implements Wrapper {
    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) {
        return List.of(DataItem.text("result", "{\"result\": 7}"));
    }
}
