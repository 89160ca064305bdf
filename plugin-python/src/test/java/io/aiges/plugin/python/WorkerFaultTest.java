package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One worker serving calls of every shape and surviving every fault: the wrapper's {@code ctrl}
 * parameter picks what it does (see {@code wrappers/variants/wrapper.py}).
 */
class WorkerFaultTest {
    @TempDir
    Path dir;
    private Engine engine;
    private PythonWrapper wrapper;

    @BeforeEach
    void open() throws Exception {
        engine = Wrappers.open(Wrappers.copy("variants", dir.resolve("variants")), Map.of("lic", "7"));
        wrapper = (PythonWrapper) engine.newInstance();
    }

    @AfterEach
    void close() {
        wrapper.fini();
        engine.close();
    }

    private List<DataItem> call(String ctrl, byte[] data) throws WrapperException {
        return wrapper.once(new Params(Map.of("sid", "sid-" + ctrl, "ctrl", ctrl)),
                List.of(DataItem.of("data", data, DataType.AUDIO)));
    }

    private String info(List<DataItem> out) {
        return out.get(1).asText();
    }

    @Test
    void theThreeArgumentSignatureGetsParamsWithSidAndTheInitConfig() throws Exception {
        List<DataItem> out = call("echo", "hi".getBytes());
        assertThat(out).extracting(DataItem::key).containsExactly("echo", "info");
        assertThat(out.getFirst().type()).isEqualTo(DataType.AUDIO);
        assertThat(info(out)).contains("\"sid\": \"sid-echo\"", "\"ctrl\": \"echo\"", "\"config\": {\"lic\": \"7\"}",
                "\"keys\": [\"data\"]");
    }

    @Test
    void bytesRoundTripUnchangedAtEverySize() throws Exception {
        Random random = new Random(20261125);
        List<Integer> sizes = IntStream.concat(IntStream.of(0, 1, 2, 3, 255, 256, 8191, 8192, 8193, 65536,
                1 << 20, (1 << 20) + 1, 3 * 1024 * 1024 + 7), random.ints(40, 0, 200_000)).boxed().toList();
        for (int size : sizes) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            List<DataItem> out = call("echo", data);
            assertThat(out.getFirst().data()).as("%d bytes", size).isEqualTo(data);
        }
    }

    @Test
    void printingDoesNotBreakTheProtocol() throws Exception {
        long pid = wrapper.workerPid();
        for (int i = 0; i < 3; i++) {
            assertThat(call("print", new byte[]{1, 2, 3}).getFirst().data()).containsExactly(1, 2, 3);
        }
        assertThat(wrapper.workerPid()).isEqualTo(pid);
    }

    @Test
    void anExceptionBecomesAnErrorWithItsMessageAndTheWorkerServesOn() throws Exception {
        long pid = wrapper.workerPid();
        assertThatThrownBy(() -> call("raise", new byte[1]))
                .isInstanceOfSatisfying(WrapperException.class, e -> {
                    assertThat(e.code()).isEqualTo(30003);
                    assertThat(e.getMessage()).isEqualTo("ValueError: bad input 42");
                });
        assertThat(call("echo", new byte[]{9}).getFirst().data()).containsExactly(9);
        assertThatThrownBy(() -> call("sys.exit", new byte[1])).hasMessage("SystemExit: 2");
        assertThat(call("echo", new byte[]{8}).getFirst().data()).containsExactly(8);
        assertThat(wrapper.workerPid()).isEqualTo(pid);
    }

    @Test
    void anExitInsideACallIsACrashAndTheNextCallGetsANewWorker() throws Exception {
        long pid = wrapper.workerPid();
        assertThatThrownBy(() -> call("exit", new byte[1]))
                .isInstanceOfSatisfying(WrapperException.class, e -> {
                    assertThat(e.code()).isEqualTo(10109);
                    assertThat(e.getMessage()).contains("exited with code 3");
                });
        assertThat(call("echo", new byte[]{4}).getFirst().data()).containsExactly(4);
        assertThat(wrapper.workerPid()).isNotEqualTo(pid);
    }

    @Test
    void killingTheWorkerMidCallFailsThatCallOnly() throws Exception {
        long pid = wrapper.workerPid();
        CompletableFuture<List<DataItem>> hanging = CompletableFuture.supplyAsync(() -> {
            try {
                return call("hang", new byte[1]);
            } catch (WrapperException e) {
                throw new CompletionException(e);
            }
        });
        Thread.sleep(200);
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        assertThatThrownBy(() -> hanging.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WrapperException.class, e -> {
                    assertThat(e.code()).isEqualTo(10109);
                    assertThat(e.getMessage()).contains("killed by signal 9 (SIGKILL)");
                });
        long start = System.nanoTime();
        assertThat(call("echo", new byte[]{5}).getFirst().data()).containsExactly(5);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anInterruptedCallKillsTheHangingWorkerAndTheNextCallWorks() throws Exception {
        long pid = wrapper.workerPid();
        CompletableFuture<WrapperException> failure = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                call("hang", new byte[1]);
                failure.complete(null);
            } catch (WrapperException e) {
                failure.complete(e);
            }
        });
        Thread.sleep(300);
        caller.interrupt();
        WrapperException e = failure.get(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(10102);
        ProcessHandle old = ProcessHandle.of(pid).orElse(null);
        if (old != null) {
            old.onExit().get(2, TimeUnit.SECONDS);
        }
        assertThat(call("echo", new byte[]{6}).getFirst().data()).containsExactly(6);
        assertThat(wrapper.workerPid()).isNotEqualTo(pid);
    }

    @Test
    void finiEndsTheWorker() throws Exception {
        ProcessHandle worker = ProcessHandle.of(wrapper.workerPid()).orElseThrow();
        wrapper.fini();
        worker.onExit().get(3, TimeUnit.SECONDS);
        assertThat(worker.isAlive()).isFalse();
    }
}
