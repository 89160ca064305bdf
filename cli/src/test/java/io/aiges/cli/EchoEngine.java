package io.aiges.cli;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.util.List;
import java.util.Map;

/**
 * A Java engine that answers with its inputs under {@code echo_<key>}: load without engine cost.
 * Parameter {@code sleepMs} makes it slow, to see client timeouts.
 */
public final class EchoEngine implements Wrapper {

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        int sleep = params.getInt("sleepMs", 0);
        if (sleep > 0) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WrapperException(4243, "interrupted");
            }
        }
        return inputs.stream()
                .map(in -> new DataItem("echo_" + in.key(), in.data(), in.type(), in.status(), Map.of()))
                .toList();
    }
}
