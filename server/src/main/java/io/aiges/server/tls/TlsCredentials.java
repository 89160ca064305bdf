package io.aiges.server.tls;

import io.aiges.config.TlsConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A checked certificate chain and key (and the client CAs of mutual TLS): every certificate of
 * the chain valid now, and the key the one the leaf certificate certifies, so a broken pair
 * fails at start-up with its file and reason instead of at every client's handshake.
 *
 * @param clientCas empty without mutual TLS
 */
record TlsCredentials(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientCas) {
    private static final byte[] PROBE = "aiges: does this key belong to this certificate?"
            .getBytes(StandardCharsets.US_ASCII);

    static TlsCredentials check(TlsConfig config, TlsFiles files, Instant now) {
        List<X509Certificate> chain = PemFiles.certificates("[tls] cert", config.cert(), files.cert());
        for (X509Certificate certificate : chain) {
            checkValidity(config, certificate, now);
        }
        X509Certificate leaf = chain.getFirst();
        PrivateKey key = PrivateKeys.read("[tls] key", config.key(), files.key(), leaf.getPublicKey().getAlgorithm());
        if (!belongTogether(key, leaf.getPublicKey())) {
            throw PemFiles.problem("[tls] key", config.key(), "this key does not match the certificate in "
                    + config.cert() + " (" + leaf.getSubjectX500Principal().getName() + ")");
        }
        List<X509Certificate> clientCas = config.mutual()
                ? PemFiles.certificates("[tls] clientCa", config.clientCa(), files.clientCa())
                : List.of();
        return new TlsCredentials(chain, key, clientCas);
    }

    private static void checkValidity(TlsConfig config, X509Certificate certificate, Instant now) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw PemFiles.problem("[tls] cert", config.cert(), "the certificate " + subject + " expired on "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw PemFiles.problem("[tls] cert", config.cert(), "the certificate " + subject + " is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
    }

    /** Whether a signature made with {@code key} verifies with {@code certified}: the one check every algorithm allows. */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) {
        try {
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signed = signer.sign();
            Signature verifier = signature(certified.getAlgorithm());
            verifier.initVerify(certified);
            verifier.update(PROBE);
            return verifier.verify(signed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A key of another algorithm than the certificate's (an EC key for an RSA certificate).
            return false;
        }
    }

    private static Signature signature(String algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> Signature.getInstance(algorithm);
        };
    }
}
