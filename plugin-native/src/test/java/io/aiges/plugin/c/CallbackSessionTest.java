package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Streaming sessions in asyncMode: the engine pushes results through the wrapperCreate callback
 * from threads of its own; they arrive in order on the right session, and callbacks after the
 * session ended are refused without touching freed memory or another session.
 */
class CallbackSessionTest {
    @TempDir
    static Path dir;
    static Path library;
    static CEngine engine;

    @BeforeAll
    static void open() throws Exception {
        library = Gcc.sharedLibrary("callback_engine", dir);
        engine = (CEngine) new CForm().open(new EngineSpec("cb", "c", library.toString(), null, Map.of(), dir,
                Map.of("asyncMode", "true")));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static DataItem frame(String text, DataStatus status) {
        return new DataItem("text", text.getBytes(), DataType.TEXT, status, Map.of());
    }

    @Test
    void pushedResultsArriveInOrderEndingWithTheLast() throws Exception {
        WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "cb-1", "push_in_create", "1")));
        session.write(List.of(frame("hello", DataStatus.BEGIN)));
        session.write(List.of(frame("streaming", DataStatus.CONTINUE), frame("world", DataStatus.CONTINUE)));
        List<DataItem> first = session.read();
        session.write(List.of(frame("bye", DataStatus.END)));
        List<DataItem> last = session.read();
        session.destroy();

        assertThat(first).extracting(DataItem::asText).containsExactly("CREATED", "HELLO", "STREAMING", "WORLD");
        assertThat(last).extracting(DataItem::asText).containsExactly("BYE");
        assertThat(last.getFirst().status()).isEqualTo(DataStatus.END);
        assertThat(engine.sessionCallbacks().open()).isZero();
    }

    /** Each callback that queues results wakes aiges up, so it can send them before the next frame. */
    @Test
    void aCallbackWakesTheSessionUpAndItsResultsAreReadOnce() throws Exception {
        WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "cb-wake")));
        java.util.concurrent.LinkedBlockingQueue<List<DataItem>> woken = new java.util.concurrent.LinkedBlockingQueue<>();
        // One reader thread, as aiges reads on the session's ordered chain.
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        session.onResultsReady(() -> reader.execute(() -> {
            try {
                woken.add(session.read());
            } catch (Exception e) {
                woken.add(List.of());
            }
        }));
        session.write(List.of(frame("hello", DataStatus.BEGIN)));
        session.write(List.of(frame("again", DataStatus.CONTINUE)));
        List<String> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            List<DataItem> batch = woken.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (batch != null) {
                batch.forEach(item -> seen.add(item.asText()));
            }
        }
        assertThat(seen).containsExactly("HELLO", "AGAIN");
        reader.shutdown();
        assertThat(reader.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(session.read()).as("nothing read twice").isEmpty();
        session.destroy();
    }

    @Test
    void twoSessionsGetOnlyTheirOwnResults() throws Exception {
        WrapperSession a = engine.newInstance().create(new Params(Map.of("sid", "cb-a")));
        WrapperSession b = engine.newInstance().create(new Params(Map.of("sid", "cb-b", "copy_tag", "1")));
        a.write(List.of(frame("for a", DataStatus.CONTINUE)));
        b.write(List.of(frame("for b", DataStatus.CONTINUE)));
        a.write(List.of(frame("again a", DataStatus.CONTINUE)));

        assertThat(a.read()).extracting(DataItem::asText).containsExactly("FOR A", "AGAIN A");
        assertThat(b.read()).extracting(DataItem::asText).containsExactly("FOR B");
        a.destroy();
        b.destroy();
    }

    @Test
    void aCallbackWithAnErrorFailsTheSessionAfterTheResultsBeforeIt() throws Exception {
        WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "cb-fail")));
        session.write(List.of(frame("ok", DataStatus.CONTINUE)));
        session.write(List.of(frame("fail", DataStatus.CONTINUE)));

        assertThat(session.read()).extracting(DataItem::asText).containsExactly("OK");
        WrapperException failed = catchThrowableOfType(WrapperException.class, session::read);
        assertThat(failed.code()).isEqualTo(4343);
        assertThat(failed.getMessage()).isEqualTo("callback engine failed on purpose");
        session.destroy();
    }

    @ParameterizedTest(name = "engine's own tag copy: {0}")
    @ValueSource(booleans = {false, true})
    void aCallbackAfterDestroyIsRefusedAndReachesNoOtherSession(boolean ownCopy) throws Exception {
        long rejected = Gcc.counter(library, "test_late_rejected");
        long finished = Gcc.counter(library, "test_late_finished");
        WrapperSession old = engine.newInstance().create(new Params(Map.of("sid", "cb-late",
                "late_ms", "150", "copy_tag", ownCopy ? "1" : "0")));
        old.write(List.of(frame("x", DataStatus.CONTINUE)));
        old.destroy();
        // A session opened meanwhile: the late callback must not land there.
        WrapperSession next = engine.newInstance().create(new Params(Map.of("sid", "cb-late-next")));
        while (Gcc.counter(library, "test_late_finished") == finished) {
            Thread.sleep(20);
        }

        assertThat(Gcc.counter(library, "test_late_rejected") - rejected).isEqualTo(1);
        assertThat(next.read()).isEmpty();
        next.destroy();
    }

    @Test
    void anEnginePushingMoreThanIsReadFailsTheSessionInsteadOfTheHeap() throws Exception {
        WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "cb-burst")));
        session.write(List.of(frame("burst:" + (CallbackSession.MAX_QUEUED + 10), DataStatus.CONTINUE)));

        assertThat(session.read()).hasSize(CallbackSession.MAX_QUEUED);
        WrapperException overflow = catchThrowableOfType(WrapperException.class, session::read);
        assertThat(overflow.code()).isEqualTo(CallbackSession.OVERFLOW);
        session.destroy();
    }

    @Test
    void aDuplicateSidIsRefusedWhileTheFirstIsOpen() throws Exception {
        WrapperSession first = engine.newInstance().create(new Params(Map.of("sid", "cb-dup")));
        WrapperException duplicate = catchThrowableOfType(WrapperException.class,
                () -> engine.newInstance().create(new Params(Map.of("sid", "cb-dup"))));
        first.destroy();

        assertThat(duplicate.code()).isEqualTo(10105);
        engine.newInstance().create(new Params(Map.of("sid", "cb-dup"))).destroy();
    }

    @Test
    void withoutAsyncModeTheEngineGetsNoCallback() throws Exception {
        // The same library in sync mode: wrapperCreate is given NULL and this engine refuses that.
        Path copy = Gcc.sharedLibrary("callback_engine", Files.createDirectories(dir.resolve("sync")));
        CEngine sync = (CEngine) new CForm().open(new EngineSpec("cb", "c", copy.toString(), null, Map.of(), dir));
        try {
            WrapperException refused = catchThrowableOfType(WrapperException.class,
                    () -> sync.newInstance().create(new Params(Map.of("sid", "cb-sync"))));
            assertThat(refused.code()).isEqualTo(7);
        } finally {
            sync.close();
        }
    }
}
