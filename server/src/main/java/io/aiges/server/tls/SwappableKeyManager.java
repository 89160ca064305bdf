package io.aiges.server.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's certificate and key for every listener (Vert.x's HTTP servers and gRPC), swapped
 * in place when the files change: each new handshake asks this manager, so one swap reaches all
 * listeners at once and connections already open keep the pair they began with.
 * <p>
 * Each pair gets an alias of its own, and the pair before the current one stays reachable: a
 * handshake that chose its alias just before a swap still gets the chain and key that belong
 * together, not the old chain with the new key.
 */
final class SwappableKeyManager extends X509ExtendedKeyManager {
    private static final char[] PASSWORD = "in-memory".toCharArray();

    private record Pair(String alias, X509ExtendedKeyManager keys) {
    }

    private final AtomicLong generations = new AtomicLong();
    private volatile Pair current;
    private volatile Pair previous;

    SwappableKeyManager(TlsCredentials credentials) {
        use(credentials);
    }

    void use(TlsCredentials credentials) {
        String alias = "aiges-" + generations.incrementAndGet();
        Pair next = new Pair(alias, keyManager(alias, credentials));
        previous = current;
        current = next;
    }

    private static X509ExtendedKeyManager keyManager(String alias, TlsCredentials credentials) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, credentials.key(), PASSWORD,
                    credentials.chain().toArray(X509Certificate[]::new));
            // SunX509 matches a handshake's key types (RSA, EC, ...) to the key and does no path checks of its own.
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(store, PASSWORD);
            return (X509ExtendedKeyManager) factory.getKeyManagers()[0];
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("[tls] cannot use the certificate and key: " + e.getMessage(), e);
        }
    }

    private X509ExtendedKeyManager owner(String alias) {
        Pair now = current;
        if (now.alias().equals(alias)) {
            return now.keys();
        }
        Pair before = previous;
        return before != null && before.alias().equals(alias) ? before.keys() : now.keys();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current.keys().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current.keys().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.keys().getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return owner(alias).getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return owner(alias).getPrivateKey(alias);
    }

    /** A server never presents itself as a client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
