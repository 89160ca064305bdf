package io.aiges.server.tls;

import io.aiges.config.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Re-reads the {@code [tls]} files on each {@link #poll} and hands a changed, valid set to the
 * listeners. Files are compared by content, read whole (a few KB): a Kubernetes Secret changes by
 * a symlink swap, where watch services miss events. A change is applied once two polls in a row
 * read the same new content, so a rotation that writes the certificate and then the key is not
 * taken (and reported) half-done. A set that does not check is logged once as an error and the
 * previous pair keeps serving.
 */
final class TlsReload {
    private static final Logger log = LoggerFactory.getLogger(TlsReload.class);

    private final TlsConfig config;
    private final Clock clock;
    private final Consumer<TlsCredentials> apply;
    private TlsFiles applied;
    /** What the previous poll read, whatever it was. */
    private TlsFiles seen;
    /** The last problem reported, so that a broken state is reported once, not every poll. */
    private String reported;

    TlsReload(TlsConfig config, TlsFiles applied, Clock clock, Consumer<TlsCredentials> apply) {
        this.config = config;
        this.applied = applied;
        this.seen = applied;
        this.clock = clock;
        this.apply = apply;
    }

    /** One look at the files; blocking file reads, so never on an event loop. Synchronized: one poll at a time. */
    synchronized void poll() {
        TlsFiles now;
        try {
            now = TlsFiles.read(config);
        } catch (IllegalStateException unreadable) {
            report(unreadable);
            seen = null;
            return;
        }
        boolean settled = now.sameAs(seen);
        seen = now;
        if (now.sameAs(applied)) {
            reported = null;
            return;
        }
        if (!settled) {
            return;
        }
        TlsCredentials credentials;
        try {
            credentials = TlsCredentials.check(config, now, clock.instant());
        } catch (IllegalStateException broken) {
            report(broken);
            return;
        }
        apply.accept(credentials);
        applied = now;
        reported = null;
        X509Certificate leaf = credentials.chain().getFirst();
        log.info("[tls] reloaded {}: now serving {} (serial {}, valid until {})", config.cert(),
                leaf.getSubjectX500Principal().getName(), leaf.getSerialNumber().toString(16),
                leaf.getNotAfter().toInstant());
    }

    private void report(IllegalStateException problem) {
        if (!problem.getMessage().equals(reported)) {
            reported = problem.getMessage();
            log.error("{}; the previous certificate keeps serving until the files are fixed", problem.getMessage());
        }
    }
}
