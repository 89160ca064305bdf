package io.aiges.config;

import java.nio.file.Path;

/**
 * TLS on every listener ({@code [tls]}; see docs/security.md): HTTPS and WSS on the HTTP port, TLS
 * on the gRPC port. The files are re-read when they change, so certificates rotate without a restart.
 *
 * @param cert     the server's certificate chain (PEM), leaf first; null: no TLS
 * @param key      the certificate's private key (PEM, PKCS#8); null exactly when {@code cert} is
 * @param clientCa the certificates (PEM) client certificates must be issued by; null: clients are
 *                 not asked for one. Set, a client without such a certificate is refused, and its
 *                 certificate's subject names it
 */
public record TlsConfig(Path cert, Path key, Path clientCa) {
    /** Plain text. */
    public static final TlsConfig OFF = new TlsConfig(null, null, null);

    public TlsConfig {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("[tls] needs both cert and key");
        }
        if (clientCa != null && cert == null) {
            throw new IllegalArgumentException("[tls] clientCa needs cert and key");
        }
    }

    public boolean enabled() {
        return cert != null;
    }

    /** Whether clients must show a certificate issued by {@link #clientCa}. */
    public boolean mutual() {
        return clientCa != null;
    }
}
