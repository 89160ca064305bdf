package io.aiges.server.tls;

import io.aiges.config.TlsConfig;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificates rotate without a restart, the way a Kubernetes Secret changes: the configured
 * files are symlinks into a folder that a second symlink swap replaces. New connections on both
 * ports get the new certificate within a few seconds; a broken set is not taken.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateRotationTest {
    /** Two looks at the files (a change is applied on the second), and room for a slow machine. */
    private static final Duration WITHIN = ServerTls.POLL.multipliedBy(3).plusSeconds(4);
    @TempDir
    static Path dir;
    private static TestCa ca;
    private static TestCa.Issued first;
    private static AigesServer server;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("rotation CA");
        first = ca.server("first").write(Files.createDirectory(dir.resolve("v1")).resolve("tls.crt"),
                dir.resolve("v1/tls.key"));
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("v1"));
        Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data/tls.key"));
        server = AigesServer.start(TlsListenersTest.config(new TlsConfig(dir.resolve("tls.crt"),
                dir.resolve("tls.key"), null)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What the kubelet does: the new files in a new folder, then one atomic swap of {@code ..data}. */
    private static void publish(String version, String cert, String key) throws Exception {
        Path folder = Files.createDirectory(dir.resolve(version));
        Files.writeString(folder.resolve("tls.crt"), cert);
        Files.writeString(folder.resolve("tls.key"), key);
        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of(version));
        Files.move(next, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The serial of the certificate a new TLS connection to {@code port} gets (a fresh context: no resumed session). */
    private static BigInteger served(int port, String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[]{protocol});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSerialNumber();
        }
    }

    private static void awaitServed(int port, String protocol, BigInteger serial, long deadline) throws Exception {
        while (!served(port, protocol).equals(serial)) {
            assertThat(System.nanoTime()).as("%s on port %d within %s", serial, port, WITHIN).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void aRotatedPairReachesBothPortsAndABrokenOneIsNotTaken() throws Exception {
        assertThat(served(server.httpPort(), "h2")).isEqualTo(first.serial());
        assertThat(served(server.grpcPort(), "h2")).isEqualTo(first.serial());

        TestCa.Issued second = ca.server("second");
        publish("v2", TestCa.pem(second.certificate()), TestCa.pkcs8(second.keys()));
        long deadline = System.nanoTime() + WITHIN.toNanos();
        awaitServed(server.httpPort(), "http/1.1", second.serial(), deadline);
        awaitServed(server.grpcPort(), "h2", second.serial(), deadline);

        TestCa.Issued third = ca.server("third");
        publish("v3", TestCa.pem(third.certificate()), TestCa.pkcs8(TestCa.ec()));
        Thread.sleep(ServerTls.POLL.multipliedBy(3).toMillis());
        assertThat(served(server.httpPort(), "h2")).as("a key not the certificate's is not taken")
                .isEqualTo(second.serial());
        assertThat(served(server.grpcPort(), "h2")).isEqualTo(second.serial());
        assertThat(TlsListenersTest.post(ca.clientContext(), HttpClient.Version.HTTP_2, server.httpPort(),
                "/v1/svcName", TlsListenersTest.frame(3, "still")).statusCode()).isEqualTo(200);
    }
}
