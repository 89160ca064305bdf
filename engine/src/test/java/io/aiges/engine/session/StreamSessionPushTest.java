package io.aiges.engine.session;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperSession;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.engine.pool.InstancePool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results an engine session pushes from its own thread, racing the frames' writes and reads: every
 * result reaches the listener exactly once, numbered in the order delivered, the final one last.
 */
class StreamSessionPushTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService calls = Executors.newFixedThreadPool(2);
    private final AtomicReference<PushingSession> created = new AtomicReference<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        calls.shutdownNow();
    }

    /** Queues each frame's text as a result, and whatever {@link #push} is given, then wakes aiges. */
    private static final class PushingSession implements WrapperSession {
        private final List<DataItem> ready = new ArrayList<>();
        private volatile Runnable wakeUp = () -> { };

        @Override
        public void onResultsReady(Runnable resultsReady) {
            this.wakeUp = resultsReady;
        }

        void push(String text) {
            synchronized (this) {
                ready.add(DataItem.text("out", text).withStatus(DataStatus.CONTINUE));
            }
            wakeUp.run();
        }

        @Override
        public synchronized void write(List<DataItem> inputs) {
            for (DataItem in : inputs) {
                ready.add(in.status() == DataStatus.END
                        ? DataItem.text("out", "final").withStatus(DataStatus.END) : DataItem.text("out", in.asText()).withStatus(DataStatus.CONTINUE));
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
    }

    private InstancePool pool() {
        Engine engine = new Engine() {
            @Override
            public Wrapper newInstance() {
                return new Wrapper() {
                    @Override
                    public List<DataItem> once(Params params, List<DataItem> inputs) {
                        return inputs;
                    }

                    @Override
                    public WrapperSession create(Params params) {
                        PushingSession session = new PushingSession();
                        created.set(session);
                        return session;
                    }
                };
            }

            @Override
            public String version() {
                return "pushing";
            }

            @Override
            public ServiceSchema schema() {
                return ServiceSchema.EMPTY;
            }

            @Override
            public void close() {
            }
        };
        return new InstancePool("svc", engine, new PoolConfig(1, 0, Duration.ZERO), timer);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void pushedAndWrittenResultsArriveOnceInOrder(long seed) throws Exception {
        Random random = new Random(seed);
        boolean realTime = random.nextBoolean();
        InstancePool pool = pool();
        StreamSession session = StreamSession.open("push-" + seed, pool.acquire().join(), Params.EMPTY, calls, timer,
                new SessionConfig(Duration.ofSeconds(15), Duration.ofSeconds(60), realTime), new SessionTable(), () -> { });
        List<DataItem> delivered = new CopyOnWriteArrayList<>();
        session.onResults(answer -> delivered.addAll(answer.outputs()));
        PushingSession engine = created.get();
        int pushes = 20 + random.nextInt(40);
        int frames = 5 + random.nextInt(20);
        Thread pusher = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < pushes; i++) {
                engine.push("p" + i);
                if (random.nextInt(4) == 0) {
                    Thread.onSpinWait();
                }
            }
        });
        for (int i = 0; i < frames; i++) {
            session.write(List.of(DataItem.text("in", "w" + i).withStatus(DataStatus.CONTINUE)), false).join();
        }
        pusher.join();
        SessionResult last = session.write(List.of(DataItem.text("in", "end").withStatus(DataStatus.END)), true)
                .get(10, TimeUnit.SECONDS);
        assertThat(last.finished()).isTrue();
        Thread.sleep(50);

        List<String> texts = delivered.stream().map(DataItem::asText).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < pushes; i++) {
            expected.add("p" + i);
        }
        for (int i = 0; i < frames; i++) {
            expected.add("w" + i);
        }
        expected.add("final");
        assertThat(texts).as("each result once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(texts.getLast()).isEqualTo("final");
        assertThat(texts.stream().filter(t -> t.startsWith("p")).toList()).as("pushes in the order pushed")
                .isEqualTo(expected.subList(0, pushes));
        for (int i = 0; i < delivered.size(); i++) {
            assertThat(delivered.get(i).descriptors()).as("numbered in the order delivered").containsEntry("seq", Integer.toString(i));
        }
    }
}
