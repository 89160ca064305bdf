package io.aiges.server.engines;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java engine whose sessions work on their own threads, as a speech engine does: each frame's
 * partial result ({@code "partial: <text so far>"}) is pushed from a new thread {@value #PUSH_DELAY_MS}
 * ms after the frame, while the client may be silent; the last frame's {@code "final: <text>"} is
 * ready at once. Lets the front-ends' push path be tested without a C compiler. Session parameter
 * {@code flood=N} makes the first frame push N results of 64 KiB, as fast as it can, to test a
 * client that does not read.
 */
public final class PushingEngine implements Wrapper {
    static final long PUSH_DELAY_MS = 150;

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) {
        return List.of(DataItem.text("result", "final: " + text(inputs)));
    }

    @Override
    public WrapperSession create(Params params) throws WrapperException {
        return new Session(params.getInt("flood", 0));
    }

    private static String text(List<DataItem> inputs) {
        StringBuilder out = new StringBuilder();
        inputs.forEach(item -> out.append(item.asText()));
        return out.toString();
    }

    private static final class Session implements WrapperSession {
        private final StringBuilder heard = new StringBuilder();
        /** Guarded by this. */
        private final List<DataItem> ready = new ArrayList<>();
        private volatile Runnable resultsReady = () -> { };
        private final int flood;
        private volatile boolean destroyed;

        Session(int flood) {
            this.flood = flood;
        }

        @Override
        public void onResultsReady(Runnable wakeUp) {
            this.resultsReady = wakeUp;
        }

        @Override
        public void write(List<DataItem> inputs) throws WrapperException {
            heard.append(text(inputs));
            String soFar = heard.toString();
            if (flood > 0) {
                Thread.ofPlatform().daemon().name("pushing-engine-flood").start(() -> {
                    byte[] big = new byte[64 << 10];
                    java.util.Arrays.fill(big, (byte) 'x');
                    for (int i = 0; i < flood && !destroyed; i++) {
                        queue(new DataItem("result", big, DataType.TEXT, DataStatus.CONTINUE, java.util.Map.of()));
                        resultsReady.run();
                        try {
                            Thread.sleep(1); // one result per read, as a real-time engine's would come
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                return;
            }
            if (inputs.stream().anyMatch(item -> item.status() == DataStatus.END)) {
                queue(new DataItem("result", ("final: " + soFar).getBytes(StandardCharsets.UTF_8), DataType.TEXT,
                        DataStatus.END, java.util.Map.of()));
                return;
            }
            Thread.ofPlatform().daemon().name("pushing-engine").start(() -> {
                try {
                    Thread.sleep(PUSH_DELAY_MS);
                } catch (InterruptedException e) {
                    return;
                }
                queue(new DataItem("result", ("partial: " + soFar).getBytes(StandardCharsets.UTF_8), DataType.TEXT,
                        DataStatus.CONTINUE, java.util.Map.of()));
                resultsReady.run();
            });
        }

        private synchronized void queue(DataItem item) {
            ready.add(item);
        }

        @Override
        public synchronized List<DataItem> read() {
            List<DataItem> out = List.copyOf(ready);
            ready.clear();
            return out;
        }

        @Override
        public void destroy() {
            destroyed = true;
        }
    }
}
