package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A call with a time limit (what session destroy uses) kills a worker that does not answer in time. */
class WorkerCallLimitTest {
    @TempDir
    Path dir;

    @Test
    void aCallPastItsLimitFailsWith10102AndKillsTheWorker() throws Exception {
        Path folder = Wrappers.copy("variants", dir.resolve("variants"));
        try (SdkFolder sdk = SdkFolder.extract();
             WorkerLauncher launcher = new WorkerLauncher(PythonForm.DEFAULT_PYTHON, folder, sdk.path(), null,
                     new StartLimit(StartLimit.DEFAULT, folder.resolve("wrapper.py")))) {
            Worker worker = launcher.start(Optional.empty());
            worker.call(WorkerProtocol.init(Map.of()));
            MessageWriter hang = WorkerProtocol.once(new Params(Map.of("sid", "s-1", "ctrl", "hang")),
                    List.of(DataItem.of("data", new byte[1], DataType.AUDIO)));
            long start = System.nanoTime();
            assertThatThrownBy(() -> worker.call(hang, Duration.ofMillis(300), answer -> null))
                    .isInstanceOfSatisfying(WrapperException.class, e -> {
                        assertThat(e.code()).isEqualTo(10102);
                        assertThat(e.getMessage()).contains("did not answer within 300 ms");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            ProcessHandle.of(worker.pid()).ifPresent(process -> process.onExit().join());
            assertThat(worker.usable()).isFalse();
        }
    }
}
