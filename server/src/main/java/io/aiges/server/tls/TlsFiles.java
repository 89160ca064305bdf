package io.aiges.server.tls;

import io.aiges.config.TlsConfig;

import java.util.Arrays;

/**
 * What the {@code [tls]} files hold at one moment, byte for byte: reloading compares these, so a
 * rewrite with the same content is no reload, and a change is seen whatever the file's time says
 * (a Kubernetes Secret changes by swapping a symlink; {@code cp -p} keeps the old time).
 *
 * @param clientCa null without mutual TLS
 */
record TlsFiles(byte[] cert, byte[] key, byte[] clientCa) {
    static TlsFiles read(TlsConfig config) {
        return new TlsFiles(PemFiles.read("[tls] cert", config.cert()), PemFiles.read("[tls] key", config.key()),
                config.mutual() ? PemFiles.read("[tls] clientCa", config.clientCa()) : null);
    }

    boolean sameAs(TlsFiles other) {
        return other != null && Arrays.equals(cert, other.cert) && Arrays.equals(key, other.key)
                && Arrays.equals(clientCa, other.clientCa);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsFiles files && sameAs(files);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cert) * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "TlsFiles[" + cert.length + " + " + key.length + " bytes]";
    }
}
