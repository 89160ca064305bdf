package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;

import java.util.List;

/** The cheapest possible engine: one short text output, so a benchmark measures aiges, not an engine. */
public final class BenchEchoEngine implements Wrapper {
    private static final boolean INLINE = Boolean.parseBoolean(System.getProperty("aiges.bench.inline", "true"));

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) {
        return List.of(DataItem.text("result", "{\"result\": 7}"));
    }

    /** Set by tools/bench-http.sh to measure both ways: on the event loop, or handed to an engine thread. */
    @Override
    public boolean runsInline() {
        return INLINE;
    }
}
