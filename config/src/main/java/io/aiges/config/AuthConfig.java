package io.aiges.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Who may call the service ({@code [auth]}; see docs/security.md). With a mode other than
 * {@link Mode#NONE} every request needs a client's key (or, for {@code hmac}, a signature made
 * with it) except the health probes and {@code /ping}; the keys file names each client.
 *
 * @param mode        how clients prove who they are
 * @param keysFile    {@code NAME:SECRET} a line; re-read when it changes; null when {@code mode} is none
 * @param openMetrics whether {@code /metrics} stays open when auth is on ({@code [auth] openMetrics},
 *                    for scrapers that cannot send a key)
 */
public record AuthConfig(Mode mode, Path keysFile, boolean openMetrics) {
    /** No authentication: anyone who reaches the port may call. */
    public static final AuthConfig NONE = new AuthConfig(Mode.NONE, null, false);

    /** How clients prove who they are. */
    public enum Mode {
        /** Nobody is asked. */
        NONE,
        /** The client sends its secret ({@code Authorization: Bearer SECRET} or {@code X-Api-Key}). */
        APIKEY,
        /** The client signs {@code host}, {@code date} and the request line with its secret (iFlytek's scheme). */
        HMAC;

        /** The word {@code aiges.toml} uses. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AuthConfig {
        Objects.requireNonNull(mode, "mode");
        if (mode != Mode.NONE && keysFile == null) {
            throw new IllegalArgumentException("[auth] mode = \"" + mode.word() + "\" needs keysFile");
        }
    }

    public boolean enabled() {
        return mode != Mode.NONE;
    }
}
