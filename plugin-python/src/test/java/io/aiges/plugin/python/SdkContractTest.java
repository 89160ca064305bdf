package io.aiges.plugin.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code python/test_sdk.py} (Python's unittest) against the SDK as the workers get it,
 * extracted from the build: the names, signatures and quirks wrappers rely on; and
 * {@code python/test_auth.py}: its hmac signing client reproduces docs/security.md's worked example.
 */
class SdkContractTest {
    @TempDir
    Path dir;

    @Test
    void theExtractedSdkKeepsTheOriginalContract() throws Exception {
        Path tests = Path.of(SdkContractTest.class.getResource("/python/test_sdk.py").toURI()).getParent();
        try (SdkFolder sdk = SdkFolder.extract()) {
            ProcessBuilder unittest = new ProcessBuilder(PythonForm.DEFAULT_PYTHON.toString(), "-m", "unittest", "-v",
                    "test_sdk", "test_auth", "test_worker_wire").directory(dir.toFile()).redirectErrorStream(true);
            unittest.environment().put("PYTHONPATH", sdk.path() + File.pathSeparator + tests);
            Process process = unittest.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("OK");
        }
    }
}
