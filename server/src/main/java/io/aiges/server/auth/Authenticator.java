package io.aiges.server.auth;

import io.aiges.config.AuthConfig;

import java.time.Clock;
import java.util.Locale;

/**
 * The one place that decides whether a request's {@link Credentials} let it in
 * ({@code [auth]}), for every front-end alike: HTTP, WebSocket, OIP REST and both gRPC services
 * each gather the credentials their protocol carries and ask here. Which endpoints need no key
 * is {@link PublicEndpoints}'s to say.
 *
 * <pre>{@code
 * Authenticator auth = Authenticator.of(new AuthConfig(Mode.APIKEY, Path.of("keys.txt"), false));
 * Verdict verdict = auth.check(new Credentials("Bearer 9f8e7d6c", null, null, null, "POST", "/v1/svc", null));
 * }</pre>
 */
public final class Authenticator {
    private static final String BEARER = "bearer ";

    private final AuthConfig config;
    /** Null when no mode asks for keys. */
    private final KeysFile keys;
    private final Clock clock;

    private Authenticator(AuthConfig config, KeysFile keys, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.clock = clock;
    }

    /** Reads the keys file a mode needs; one that cannot be used stops the start. */
    public static Authenticator of(AuthConfig config) throws KeysFileException {
        return of(config, Clock.systemUTC());
    }

    static Authenticator of(AuthConfig config, Clock clock) throws KeysFileException {
        return new Authenticator(config, config.enabled() ? KeysFile.open(config.keysFile()) : null, clock);
    }

    /** Lets everyone in (a client certificate still names its caller). */
    public static Authenticator open() {
        return new Authenticator(AuthConfig.NONE, null, Clock.systemUTC());
    }

    public AuthConfig config() {
        return config;
    }

    /** Whether requests need a key (or signature). */
    public boolean enabled() {
        return config.enabled();
    }

    public Verdict check(Credentials credentials) {
        return switch (config.mode()) {
            case NONE -> new Verdict.Allowed(credentials.certificateName() == null ? Caller.ANONYMOUS
                    : new Caller(credentials.certificateName()));
            case APIKEY -> apiKey(credentials);
            case HMAC -> HmacSignature.check(credentials, keys.keys(), clock.instant());
        };
    }

    /**
     * The challenge a refused HTTP client gets in {@code WWW-Authenticate}: the scheme the
     * service expects (RFC 9110 asks a 401 to name one).
     */
    public String challenge() {
        return config.mode() == AuthConfig.Mode.HMAC ? "hmac-sha256 realm=\"aiges\"" : "Bearer realm=\"aiges\"";
    }

    private Verdict apiKey(Credentials credentials) {
        String key = bearer(credentials.authorization());
        if (key == null) {
            key = credentials.apiKey();
        }
        if (key == null || key.isBlank()) {
            return new Verdict.Refused(credentials.authorization() != null
                    ? "Authorization must be \"Bearer KEY\""
                    : "this service needs a key: send Authorization: Bearer KEY or X-Api-Key: KEY");
        }
        String name = keys.keys().nameOfKey(key.strip());
        return name == null ? new Verdict.Refused("the key was not accepted") : new Verdict.Allowed(new Caller(name));
    }

    /** The key of {@code Bearer KEY} (the scheme in any case), or null for anything else. */
    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length());
    }
}
