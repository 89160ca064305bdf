package io.aiges.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of {@code [tls]}. Every failure is an {@link IllegalStateException} whose
 * message names the setting, the file and the reason, as the CLI prints it on one line:
 * {@code [tls] cert /etc/aiges/tls/tls.crt: no such file}.
 */
final class PemFiles {
    /** One {@code -----BEGIN TYPE----- base64 -----END TYPE-----} block. */
    record Block(String type, byte[] der) {
    }

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    static IllegalStateException problem(String setting, Path file, String reason) {
        return new IllegalStateException(setting + " " + file + ": " + reason);
    }

    /** The file's bytes; through symlinks, as a Kubernetes Secret's files are. */
    static byte[] read(String setting, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(setting, file, "no such file");
        } catch (AccessDeniedException e) {
            throw problem(setting, file, "not readable (permission denied)");
        } catch (IOException e) {
            throw problem(setting, file, "not readable (" + e.getMessage() + ")");
        }
    }

    static List<Block> blocks(String setting, Path file, byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1),
                        Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw problem(setting, file, "a " + matcher.group(1) + " block is not valid base64");
            }
        }
        return blocks;
    }

    /** The file's certificates, in order (a chain: leaf first); at least one. */
    static List<X509Certificate> certificates(String setting, Path file, byte[] content) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks(setting, file, content)) {
            if (block.type().equals("CERTIFICATE")) {
                certificates.add(certificate(setting, file, block.der()));
            }
        }
        if (certificates.isEmpty()) {
            throw problem(setting, file, "not a PEM certificate file (no -----BEGIN CERTIFICATE----- block in it)");
        }
        return certificates;
    }

    private static X509Certificate certificate(String setting, Path file, byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw problem(setting, file, "a CERTIFICATE block is not an X.509 certificate (" + e.getMessage() + ")");
        }
    }
}
