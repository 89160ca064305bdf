package io.aiges.server.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority made in the test, and the certificates it issues, written as the PEM
 * files {@code [tls]} reads. EC P-256 keys (fast to make); RSA where a test asks for it.
 */
final class TestCa {
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    /** A certificate and its key. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        /** The certificate (PEM) to {@code cert} and the key (PKCS#8 PEM) to {@code key}. */
        Issued write(Path cert, Path key) throws IOException {
            Files.writeString(cert, pem(certificate));
            Files.writeString(key, pkcs8(keys));
            return this;
        }

        BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /** A JDK client context showing this certificate and trusting {@code trusted}. */
        SSLContext clientContext(TestCa trusted) throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("me", keys.getPrivate(), "x".toCharArray(), new X509Certificate[]{certificate});
            KeyManagerFactory keysFactory = KeyManagerFactory.getInstance("PKIX");
            keysFactory.init(store, "x".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keysFactory.getKeyManagers(), trusted.trustManagers().getTrustManagers(), null);
            return context;
        }
    }

    private final Issued self;

    private TestCa(Issued self) {
        this.self = self;
    }

    static TestCa create(String name) throws Exception {
        KeyPair keys = ec();
        X500Name subject = name("CN=" + name + ",O=aiges tests");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestCa(new Issued(sign(builder, keys), keys));
    }

    X509Certificate certificate() {
        return self.certificate();
    }

    void write(Path file) throws IOException {
        Files.writeString(file, pem(self.certificate()));
    }

    /** A server certificate for localhost and 127.0.0.1, valid from an hour ago for 30 days. */
    Issued server(String name) throws Exception {
        Instant now = Instant.now();
        return server(name, ec(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    Issued server(String name, KeyPair keys, Instant notBefore, Instant notAfter) throws Exception {
        GeneralNames names = new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        return issue("CN=" + name + ",O=aiges tests", keys, notBefore, notAfter, KeyPurposeId.id_kp_serverAuth,
                names);
    }

    /** A client certificate with {@code subject} (RFC 2253, e.g. {@code CN=alice,O=acme}). */
    Issued client(String subject) throws Exception {
        Instant now = Instant.now();
        return issue(subject, ec(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)),
                KeyPurposeId.id_kp_clientAuth, null);
    }

    private Issued issue(String subject, KeyPair keys, Instant notBefore, Instant notAfter, KeyPurposeId purpose,
                         GeneralNames names) throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(self.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), name(subject), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new Issued(sign(builder, self.keys()), keys);
    }

    /** Trust managers trusting this CA alone. */
    TrustManagerFactory trustManagers() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", self.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory;
    }

    /** A JDK client context that trusts this CA and shows no certificate. */
    SSLContext clientContext() throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers().getTrustManagers(), null);
        return context;
    }

    static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    /** {@code BEGIN PRIVATE KEY}; {@link #pem} of a key gives the older forms (RSA / EC PRIVATE KEY). */
    static String pkcs8(KeyPair keys) throws IOException {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** In the JDK's order, so {@code getName()} gives back {@code rfc2253} as written. */
    private static X500Name name(String rfc2253) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(rfc2253).getEncoded());
    }

    /**
     * {@code BEGIN EC PRIVATE KEY} naming its curve, as openssl writes it (the JDK's own encoding,
     * which {@link #pem} passes on, leaves the curve to the PKCS#8 wrapper).
     */
    static String sec1(KeyPair keys) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
        ECPrivateKey sec1 = new ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(), null,
                info.getPrivateKeyAlgorithm().getParameters());
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        String algorithm = issuer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuer.getPrivate())));
    }
}
