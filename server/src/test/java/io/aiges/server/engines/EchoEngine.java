package io.aiges.server.engines;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Java engine for front-end tests: returns every input under the key {@code echo_<key>} with
 * its type, plus a text output {@code params} listing the parameters it received. Parameter
 * {@code fail} makes it fail: {@code input} (10009), {@code own} (its own code 4242),
 * {@code crash} (a RuntimeException); {@code sleepMs} makes it slow.
 */
public final class EchoEngine implements Wrapper {
    /** Engine calls running right now, and the most seen at once, across all instances. */
    public static final AtomicInteger ACTIVE = new AtomicInteger();
    public static final AtomicInteger MOST_ACTIVE = new AtomicInteger();
    /** Instances ever constructed, to see replacements. */
    public static final AtomicInteger CREATED = new AtomicInteger();

    public EchoEngine() {
        CREATED.incrementAndGet();
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        MOST_ACTIVE.accumulateAndGet(ACTIVE.incrementAndGet(), Math::max);
        try {
            return answer(params, inputs);
        } finally {
            ACTIVE.decrementAndGet();
        }
    }

    private static List<DataItem> answer(Params params, List<DataItem> inputs) throws WrapperException {
        int sleep = params.getInt("sleepMs", 0);
        if (sleep > 0) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WrapperException(4243, "interrupted");
            }
        }
        switch (params.get("fail", "")) {
            case "input" -> throw new WrapperException(ErrorCodes.INVALID_DATA, "the input is not what I expect");
            case "own" -> throw new WrapperException(4242, "engine is unhappy");
            case "crash" -> throw new IllegalStateException("engine bug");
            case "died" -> throw new WrapperException(ErrorCodes.CRASH, "engine process died");
            default -> {
            }
        }
        List<DataItem> out = new ArrayList<>();
        for (DataItem in : inputs) {
            out.add(new DataItem("echo_" + in.key(), in.data(), in.type(), in.status(), Map.of()));
        }
        StringBuilder listing = new StringBuilder();
        new TreeMap<>(params.values()).forEach((k, v) -> listing.append(k).append('=').append(v).append('\n'));
        out.add(DataItem.text("params", listing.toString()));
        return out;
    }

    @Override
    public ServiceSchema schema() {
        return new ServiceSchema(
                List.of(new ServiceSchema.Field("data", DataType.OTHER, "any bytes", Map.of())),
                List.of(new ServiceSchema.Field("params", DataType.TEXT, "parameters seen", Map.of("format", "plain"))),
                List.of(new ServiceSchema.Param("sleepMs", "integer", "delay before answering", "0", false)));
    }
}
