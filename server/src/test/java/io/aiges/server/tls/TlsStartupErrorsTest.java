package io.aiges.server.tls;

import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.config.TlsConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A {@code [tls]} that cannot work stops the start with one line naming the setting, the file
 * and the reason, before any engine loads; the key forms users have (PKCS#8, PKCS#1 RSA, SEC1 EC)
 * are read without BouncyCastle.
 */
class TlsStartupErrorsTest {
    @TempDir
    static Path dir;
    private static TestCa ca;
    private static Path cert;
    private static Path key;

    @BeforeAll
    static void files() throws Exception {
        ca = TestCa.create("test CA");
        cert = dir.resolve("server.crt");
        key = dir.resolve("server.key");
        ca.server("localhost").write(cert, key);
    }

    private static String startFails(TlsConfig tls) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(),
                Path.of("."));
        AigesConfig config = new AigesConfig(null, new ServiceConfig(TestServer.SERVICE, spec,
                new PoolConfig(1, 0, Duration.ZERO), Duration.ofSeconds(5), SessionConfig.DEFAULTS),
                new HttpConfig("127.0.0.1", 0, 1 << 20)).withTls(tls);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> AigesServer.start(config).close());
        assertThat(failure).isInstanceOf(IllegalStateException.class);
        return failure.getMessage();
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aMissingCertificateFileIsNamed() {
        Path missing = dir.resolve("nope.crt");
        assertThat(startFails(new TlsConfig(missing, key, null)))
                .isEqualTo("[tls] cert " + missing + ": no such file");
    }

    @Test
    void aMissingKeyFileIsNamed() {
        Path missing = dir.resolve("nope.key");
        assertThat(startFails(new TlsConfig(cert, missing, null))).isEqualTo("[tls] key " + missing + ": no such file");
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
        Path locked = Files.copy(key, dir.resolve("locked.key"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assertThat(startFails(new TlsConfig(cert, locked, null))).contains("locked.key").contains("not readable");
    }

    @Test
    void aFileThatIsNotPemIsNamed() throws Exception {
        Path garbage = write("garbage.crt", "this is not a certificate\n");
        assertThat(startFails(new TlsConfig(garbage, key, null)))
                .isEqualTo("[tls] cert " + garbage + ": not a PEM certificate file (no -----BEGIN CERTIFICATE-----"
                        + " block in it)");
    }

    @Test
    void aDamagedCertificateIsNamed() throws Exception {
        Path damaged = write("damaged.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThat(startFails(new TlsConfig(damaged, key, null)))
                .startsWith("[tls] cert " + damaged + ": a CERTIFICATE block is not an X.509 certificate");
    }

    @Test
    void anExpiredCertificateSaysWhen() throws Exception {
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        Path expired = dir.resolve("expired.crt");
        ca.server("old", TestCa.ec(), longAgo, longAgo.plus(Duration.ofDays(1))).write(expired,
                dir.resolve("expired.key"));
        assertThat(startFails(new TlsConfig(expired, dir.resolve("expired.key"), null)))
                .isEqualTo("[tls] cert " + expired + ": the certificate CN=old,O=aiges tests expired on "
                        + "2020-01-02T00:00:00Z");
    }

    @Test
    void aCertificateNotYetValidSaysFromWhen() throws Exception {
        Instant later = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Path future = dir.resolve("future.crt");
        ca.server("future", TestCa.ec(), later, later.plus(Duration.ofDays(1))).write(future,
                dir.resolve("future.key"));
        assertThat(startFails(new TlsConfig(future, dir.resolve("future.key"), null)))
                .isEqualTo("[tls] cert " + future + ": the certificate CN=future,O=aiges tests is not valid before "
                        + later);
    }

    @Test
    void aKeyOfAnotherCertificateIsAMismatch() throws Exception {
        Path other = write("other.key", TestCa.pkcs8(TestCa.ec()));
        assertThat(startFails(new TlsConfig(cert, other, null)))
                .isEqualTo("[tls] key " + other + ": this key does not match the certificate in " + cert
                        + " (CN=localhost,O=aiges tests)");
    }

    @Test
    void aKeyOfAnotherAlgorithmIsAMismatch() throws Exception {
        Path rsa = write("rsa-other.key", TestCa.pkcs8(TestCa.rsa()));
        assertThat(startFails(new TlsConfig(cert, rsa, null))).startsWith("[tls] key " + rsa
                + ": this key does not match the certificate");
    }

    @Test
    void aKeyFileWithoutAKeySaysWhichFormatsAreRead() throws Exception {
        Path notKey = write("cert-as.key", Files.readString(cert));
        assertThat(startFails(new TlsConfig(cert, notKey, null))).isEqualTo("[tls] key " + notKey
                + ": no private key in it; accepted: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 RSA (BEGIN RSA PRIVATE KEY)"
                + " and SEC1 EC (BEGIN EC PRIVATE KEY), unencrypted");
    }

    @Test
    void anEncryptedKeyIsRefusedWithHowToDecryptIt() throws Exception {
        Path enc = write("enc.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThat(startFails(new TlsConfig(cert, enc, null))).startsWith("[tls] key " + enc + ": the key is encrypted;")
                .contains("openssl pkcs8");
    }

    @Test
    void aClientCaFileWithoutCertificatesIsNamed() throws Exception {
        Path garbage = write("garbage-ca.pem", "nothing here");
        assertThat(startFails(new TlsConfig(cert, key, garbage))).isEqualTo("[tls] clientCa " + garbage
                + ": not a PEM certificate file (no -----BEGIN CERTIFICATE----- block in it)");
    }

    @Test
    void theOlderKeyFormatsAreReadAsWellAsPkcs8() throws Exception {
        for (KeyPair keys : new KeyPair[]{TestCa.rsa(), TestCa.ec()}) {
            String algorithm = keys.getPrivate().getAlgorithm();
            Path crt = dir.resolve(algorithm + ".crt");
            ca.server(algorithm, keys, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)))
                    .write(crt, dir.resolve(algorithm + "-pkcs8.key"));
            String traditional = algorithm.equals("EC") ? TestCa.sec1(keys) : TestCa.pem(keys.getPrivate());
            assertThat(traditional).startsWith("-----BEGIN " + algorithm + " PRIVATE KEY-----");
            Path old = write(algorithm + "-old.key", traditional);
            assertThat(ServerTls.load(new TlsConfig(crt, old, null)).enabled()).isTrue();
            assertThat(ServerTls.load(new TlsConfig(crt, dir.resolve(algorithm + "-pkcs8.key"), null)).enabled())
                    .isTrue();
        }
    }

    @Test
    void aChainWithTheCaAfterTheLeafLoads() throws Exception {
        Path chain = write("chain.crt", Files.readString(cert) + TestCa.pem(ca.certificate()));
        assertThat(ServerTls.load(new TlsConfig(chain, key, null)).enabled()).isTrue();
    }
}
