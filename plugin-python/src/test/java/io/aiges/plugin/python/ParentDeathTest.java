package io.aiges.plugin.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kill -9} of the aiges process leaves no Python worker behind. */
@EnabledOnOs(OS.LINUX)  // PR_SET_PDEATHSIG and /proc are Linux's
class ParentDeathTest {
    @TempDir
    Path dir;

    @Test
    void workersDieWithTheirParentJvm() throws Exception {
        Path folder = Wrappers.copy("variants", dir.resolve("variants"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        // The host's temporary folder (its SDK copy) is inside ours, as its kill -9 leaves it behind.
        Process host = new ProcessBuilder(java, "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"), EngineHost.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> pids;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.startsWith("PIDS ")) {
                line = out.readLine();
            }
            assertThat(line).as("the host's worker pids").isNotNull();
            pids = Arrays.stream(line.substring(5).split(" ")).map(Long::parseLong).toList();
            assertThat(pids).hasSize(2).allMatch(ParentDeathTest::running);
        } finally {
            host.destroyForcibly();  // SIGKILL: no shutdown hook or finally block runs in the host
            host.waitFor();
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (pids.stream().anyMatch(ParentDeathTest::running) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pids).noneMatch(ParentDeathTest::running);
    }

    /** Alive and not a zombie waiting for a parent that may not reap it. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
