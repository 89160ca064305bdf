package io.aiges.server.engines;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.util.List;

/** An engine that asks to run inline: answers with the name of the thread that called it; {@code fail} fails. */
public final class InlineEngine implements Wrapper {
    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        if (!params.get("fail", "").isEmpty()) {
            throw new WrapperException(4242, "inline engine refuses");
        }
        if (params.get("crash", "").equals("yes")) {
            throw new IllegalStateException("inline engine bug");
        }
        return List.of(DataItem.text("thread", Thread.currentThread().getName()));
    }

    @Override
    public boolean runsInline() {
        return true;
    }
}
