package io.aiges.plugin.c.isolated;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A server killed outright (SIGKILL, no shutdown) leaves no engine child behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrphanedChildTest {

    @Test
    void theChildEndsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        Path library = TestEngines.build("faulty_engine", dir);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process parent = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Parent.class.getName(), library.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            long child = Long.parseLong(out.readLine().strip());
            ProcessHandle handle = ProcessHandle.of(child).orElseThrow();

            parent.destroyForcibly().waitFor();

            assertThat(handle.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
                    .as("the orphaned child exited").isNotNull();
        } finally {
            parent.destroyForcibly();
        }
    }

    /** The server to kill: opens the engine isolated, prints the child's pid, waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            IsolatedEngine engine = TestEngines.openIsolated(Path.of(args[0]), Map.of());
            System.out.println(engine.childPid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
