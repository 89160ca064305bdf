package io.aiges.server.tls;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * The client NAME that mutual TLS gives ({@code [tls] clientCa}): the subject of the certificate
 * the client showed, for the access log, the metrics' {@code client} label and per-client limits.
 */
public final class ClientCertificates {
    /** Longer names are cut: the name ends up in log lines and metric labels. */
    public static final int MAX_NAME_CHARS = 128;

    private ClientCertificates() {
    }

    /**
     * The common name (CN) of the client's certificate when it has one, else its whole subject
     * (RFC 2253, {@code O=Example,C=DE}), at most {@link #MAX_NAME_CHARS} characters; null when
     * {@code session} is null or the client showed no certificate. For HTTP pass
     * {@code HttpConnection.sslSession()}, for gRPC the call's {@code Grpc.TRANSPORT_ATTR_SSL_SESSION}.
     */
    public static String name(SSLSession session) {
        if (session == null) {
            return null;
        }
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        }
        if (peer == null || peer.length == 0 || !(peer[0] instanceof X509Certificate leaf)) {
            return null;
        }
        String subject = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String name = commonName(subject);
        if (name == null || name.isBlank()) {
            name = subject;
        }
        return name.isBlank() ? null : cut(name);
    }

    /** The last CN of {@code subject} (RFC 2253 lists the most specific first, LdapName last). */
    private static String commonName(String subject) {
        try {
            String found = null;
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    found = rdn.getValue() instanceof String text ? text : null;
                }
            }
            return found;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    private static String cut(String name) {
        if (name.length() <= MAX_NAME_CHARS) {
            return name;
        }
        int end = Character.isHighSurrogate(name.charAt(MAX_NAME_CHARS - 1)) ? MAX_NAME_CHARS - 1 : MAX_NAME_CHARS;
        return name.substring(0, end);
    }
}
