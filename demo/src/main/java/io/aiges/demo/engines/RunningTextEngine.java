package io.aiges.demo.engines;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.util.List;
import java.util.Map;

/**
 * An example streaming engine, shaped like speech recognition: text arrives in chunks and each
 * read returns the running transcript so far (status CONTINUE), the final one after the last
 * chunk (status END). One-shot requests get the transcript of their input at once.
 * Parameter {@code delayMs} makes every write slow, to see back-pressure and timeouts.
 *
 * <pre>{@code
 * [engine]
 * form = "java"
 * class = "io.aiges.demo.engines.RunningTextEngine"
 * }</pre>
 */
public final class RunningTextEngine implements Wrapper {
    static final String OUTPUT = "result";

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) {
        StringBuilder text = new StringBuilder();
        inputs.forEach(item -> text.append(item.asText()));
        return List.of(DataItem.text(OUTPUT, text.toString()));
    }

    @Override
    public WrapperSession create(Params params) throws WrapperException {
        return new Transcript(params.getInt("delayMs", 0));
    }

    @Override
    public ServiceSchema schema() {
        return new ServiceSchema(
                List.of(new ServiceSchema.Field("text", DataType.TEXT, "a chunk of text", Map.of("encoding", "utf8"))),
                List.of(new ServiceSchema.Field(OUTPUT, DataType.TEXT, "the transcript so far", Map.of("encoding", "utf8"))),
                List.of(new ServiceSchema.Param("delayMs", "integer", "delay of every write, for testing", "0", false)));
    }

    /** One session's transcript; aiges calls it from one thread at a time. */
    private static final class Transcript implements WrapperSession {
        private final int delayMs;
        private final StringBuilder text = new StringBuilder();
        private boolean changed;
        private boolean finished;
        private boolean delivered;

        Transcript(int delayMs) {
            this.delayMs = delayMs;
        }

        @Override
        public void write(List<DataItem> inputs) throws WrapperException {
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WrapperException(30001, "interrupted");
                }
            }
            for (DataItem item : inputs) {
                text.append(item.asText());
                changed |= item.data().length > 0;
                finished |= item.status().isLast();
            }
        }

        @Override
        public List<DataItem> read() {
            if (delivered || (!changed && !finished)) {
                return List.of();
            }
            changed = false;
            delivered = finished;
            DataStatus status = finished ? DataStatus.END : DataStatus.CONTINUE;
            return List.of(DataItem.text(OUTPUT, text.toString()).withStatus(status));
        }

        @Override
        public void destroy() {
            text.setLength(0);
        }
    }
}
