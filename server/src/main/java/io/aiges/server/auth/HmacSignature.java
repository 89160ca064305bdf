package io.aiges.server.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signature iFlytek's open-platform clients send ({@code [auth] mode = "hmac"}): the client
 * signs {@code "host: HOST\ndate: DATE\nMETHOD PATH HTTP/1.1"} with HMAC-SHA256 and its secret,
 * and sends {@code authorization}: {@code api_key="NAME", algorithm="hmac-sha256",
 * headers="host date request-line", signature="BASE64"}, as is or in base64 (the form the
 * WebSocket URL carries). The request line always says {@code HTTP/1.1}, as iFlytek's clients
 * sign it, whatever the connection speaks. See docs/security.md for a worked example.
 */
final class HmacSignature {
    /** How far a request's {@code date} may be from the server's clock, either way. */
    static final Duration WINDOW = Duration.ofSeconds(300);
    /** Longer than any well-formed authorization: refused before decoding. */
    private static final int MAX_AUTHORIZATION = 2048;
    private static final String ALGORITHM = "hmac-sha256";
    private static final String HEADERS = "host date request-line";
    private static final Pattern PARAM = Pattern.compile("\\s*([a-z_]+)=\"([^\"]*)\"\\s*(,|$)");
    /** Signs for names no client has, so an unknown name costs what a wrong secret does. */
    private static final byte[] NO_SECRET = "aiges: no such client".getBytes(StandardCharsets.UTF_8);

    private HmacSignature() {
    }

    /** The exact text a client signs. */
    static String signedText(String host, String date, String method, String path) {
        return "host: " + host + "\ndate: " + date + "\n" + method + " " + path + " HTTP/1.1";
    }

    static Verdict check(Credentials credentials, ClientKeys keys, Instant now) {
        if (credentials.authorization() == null || credentials.host() == null || credentials.date() == null) {
            return new Verdict.Refused("this service needs a signed request: send host, date and authorization"
                    + " (headers, or query parameters of a WebSocket URL; see docs/security.md)");
        }
        Map<String, String> params = parameters(credentials.authorization());
        if (params == null || !params.containsKey("api_key") || !params.containsKey("signature")) {
            return new Verdict.Refused("authorization is not api_key=\"NAME\", algorithm=\"hmac-sha256\","
                    + " headers=\"host date request-line\", signature=\"SIG\" (or its base64)");
        }
        if (!ALGORITHM.equals(params.get("algorithm")) || !HEADERS.equals(params.get("headers"))) {
            return new Verdict.Refused("authorization must say algorithm=\"hmac-sha256\" and"
                    + " headers=\"host date request-line\"");
        }
        Instant date;
        try {
            date = ZonedDateTime.parse(credentials.date(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return new Verdict.Refused("date is not an RFC 1123 date such as \"Wed, 02 Dec 2026 08:00:00 GMT\"");
        }
        if (Duration.between(date, now).abs().compareTo(WINDOW) > 0) {
            return new Verdict.Refused("date is more than " + WINDOW.toSeconds() + " s from the server's clock ("
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(java.time.ZoneOffset.UTC)) + ")");
        }
        String name = params.get("api_key");
        byte[] secret = keys.secretOf(name);
        byte[] expected = hmac(secret == null ? NO_SECRET : secret,
                signedText(credentials.host(), credentials.date(), credentials.method(), credentials.path()));
        byte[] sent = decode(params.get("signature"));
        boolean good = MessageDigest.isEqual(expected, sent) & secret != null;
        return good ? new Verdict.Allowed(new Caller(name))
                : new Verdict.Refused("the signature was not accepted");
    }

    /** The signature's parameters, from the plain or the base64 form; null when it is neither. */
    private static Map<String, String> parameters(String authorization) {
        if (authorization.length() > MAX_AUTHORIZATION) {
            return null;
        }
        String text = authorization.strip();
        if (!text.startsWith("api_key=")) {
            byte[] decoded = decode(text);
            if (decoded.length == 0) {
                return null;
            }
            text = new String(decoded, StandardCharsets.UTF_8).strip();
        }
        Map<String, String> params = new HashMap<>();
        Matcher matcher = PARAM.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                return null;
            }
            if (params.put(matcher.group(1), matcher.group(2)) != null) {
                return null;
            }
            at = matcher.end();
        }
        return params;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] hmac(byte[] secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
