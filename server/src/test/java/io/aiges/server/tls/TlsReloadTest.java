package io.aiges.server.tls;

import io.aiges.config.TlsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What one look at the files does, poll by poll, without waiting for the timer. */
class TlsReloadTest {
    @TempDir
    Path dir;
    private TestCa ca;
    private TlsConfig config;
    private final List<BigInteger> applied = new ArrayList<>();
    private TlsReload reload;

    @BeforeEach
    void files() throws Exception {
        ca = TestCa.create("reload CA");
        config = new TlsConfig(dir.resolve("tls.crt"), dir.resolve("tls.key"), null);
        ca.server("first").write(config.cert(), config.key());
        reload = new TlsReload(config, TlsFiles.read(config), Clock.systemUTC(),
                credentials -> applied.add(credentials.chain().getFirst().getSerialNumber()));
    }

    @Test
    void unchangedFilesAreNoReload() {
        reload.poll();
        reload.poll();
        assertThat(applied).isEmpty();
    }

    @Test
    void aNewPairIsAppliedOnTheSecondLookThatSeesIt() throws Exception {
        TestCa.Issued second = ca.server("second").write(config.cert(), config.key());
        reload.poll();
        assertThat(applied).as("not yet: the key may still be being written").isEmpty();
        reload.poll();
        reload.poll();
        assertThat(applied).containsExactly(second.serial());
    }

    @Test
    void aCertificateWrittenBeforeItsKeyIsTakenOnceBothAreThere() throws Exception {
        TestCa.Issued second = ca.server("second").write(dir.resolve("new.crt"), dir.resolve("new.key"));
        Files.copy(dir.resolve("new.crt"), config.cert(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        reload.poll();
        reload.poll();
        assertThat(applied).as("a certificate with the old key does not check").isEmpty();
        Files.copy(dir.resolve("new.key"), config.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        reload.poll();
        reload.poll();
        assertThat(applied).containsExactly(second.serial());
    }

    @Test
    void brokenOrMissingFilesKeepThePreviousPair() throws Exception {
        Files.writeString(config.key(), "garbage");
        reload.poll();
        reload.poll();
        Files.delete(config.cert());
        reload.poll();
        reload.poll();
        assertThat(applied).isEmpty();
        TestCa.Issued fixed = ca.server("fixed").write(config.cert(), config.key());
        reload.poll();
        reload.poll();
        assertThat(applied).containsExactly(fixed.serial());
    }
}
