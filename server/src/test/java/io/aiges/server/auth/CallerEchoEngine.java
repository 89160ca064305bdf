package io.aiges.server.auth;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperSession;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Answers one-shot requests and sessions alike with the {@code appid} parameter it was given: who the engine thinks called. */
public final class CallerEchoEngine implements Wrapper {
    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) {
        return List.of(DataItem.text("caller", "appid=" + params.get("appid", "")));
    }

    @Override
    public WrapperSession create(Params params) {
        return new WrapperSession() {
            private final List<DataItem> ready = new ArrayList<>();

            @Override
            public synchronized void write(List<DataItem> inputs) {
                if (inputs.stream().anyMatch(item -> item.status().isLast())) {
                    ready.add(new DataItem("caller", ("appid=" + params.get("appid", "")).getBytes(StandardCharsets.UTF_8),
                            DataType.TEXT, DataStatus.END, Map.of()));
                }
            }

            @Override
            public synchronized List<DataItem> read() {
                List<DataItem> out = List.copyOf(ready);
                ready.clear();
                return out;
            }

            @Override
            public void destroy() {
            }
        };
    }
}
