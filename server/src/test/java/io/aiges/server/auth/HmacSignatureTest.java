package io.aiges.server.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signature check against the worked example of docs/security.md (the shipped clients'
 * tests check the same values), and what must not pass: another secret, path, method, host or
 * date, a date outside the window, a damaged or malformed authorization.
 */
class HmacSignatureTest {
    static final String NAME = "docs-client";
    static final String SECRET = "docs-example-secret-0123456789";
    static final String HOST = "localhost:1888";
    static final String DATE = "Wed, 02 Dec 2026 08:00:00 GMT";
    static final Instant AT = Instant.parse("2026-12-02T08:00:00Z");
    static final String SIGNATURE = "0oypsAIycwRcuS/VIhq4KpU/PX6JJNazE8C5DNip1tQ=";
    static final String AUTHORIZATION = "YXBpX2tleT0iZG9jcy1jbGllbnQiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0i"
            + "aG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iMG95cHNBSXljd1JjdVMvVklocTRLcFUvUFg2SkpOYXpFOEM1RE5pcDF0UT0i";

    private static ClientKeys keys() throws KeysFileException {
        return ClientKeys.parse(List.of(NAME + ":" + SECRET, "other:another-secret-abcdefgh"), "keys.txt");
    }

    private static Verdict check(String authorization, String host, String date, String method, String path, Instant now)
            throws KeysFileException {
        return HmacSignature.check(new Credentials(authorization, null, host, date, method, path, null), keys(), now);
    }

    @Test
    void theWorkedExampleIsAccepted() throws Exception {
        assertThat(HmacSignature.signedText(HOST, DATE, "POST", "/v1/svcName"))
                .isEqualTo("host: localhost:1888\ndate: Wed, 02 Dec 2026 08:00:00 GMT\nPOST /v1/svcName HTTP/1.1");
        assertThat(check(AUTHORIZATION, HOST, DATE, "POST", "/v1/svcName", AT))
                .isEqualTo(new Verdict.Allowed(new Caller(NAME)));
        // The plain form, as iFlytek's HTTP clients send it in the Authorization header.
        String plain = new String(Base64.getDecoder().decode(AUTHORIZATION), StandardCharsets.UTF_8);
        assertThat(plain).contains("signature=\"" + SIGNATURE + "\"");
        assertThat(check(plain, HOST, DATE, "POST", "/v1/svcName", AT)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void anotherRequestLineHostOrDateIsRefused() throws Exception {
        assertThat(check(AUTHORIZATION, HOST, DATE, "POST", "/v1/other", AT)).isInstanceOf(Verdict.Refused.class);
        assertThat(check(AUTHORIZATION, HOST, DATE, "GET", "/v1/svcName", AT)).isInstanceOf(Verdict.Refused.class);
        assertThat(check(AUTHORIZATION, HOST, DATE, "POST", "/v1/svcName/", AT)).isInstanceOf(Verdict.Refused.class);
        assertThat(check(AUTHORIZATION, "evil:1888", DATE, "POST", "/v1/svcName", AT)).isInstanceOf(Verdict.Refused.class);
        assertThat(check(AUTHORIZATION, HOST, "Wed, 02 Dec 2026 08:00:01 GMT", "POST", "/v1/svcName", AT))
                .isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void theDateMustBeWithinFiveMinutesEitherWay() throws Exception {
        assertThat(check(AUTHORIZATION, HOST, DATE, "POST", "/v1/svcName", AT.plusSeconds(300)))
                .isInstanceOf(Verdict.Allowed.class);
        assertThat(check(AUTHORIZATION, HOST, DATE, "POST", "/v1/svcName", AT.minusSeconds(300)))
                .isInstanceOf(Verdict.Allowed.class);
        Verdict late = check(AUTHORIZATION, HOST, DATE, "POST", "/v1/svcName", AT.plusSeconds(301));
        assertThat(late).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) late).reason()).contains("300 s");
        assertThat(check(AUTHORIZATION, HOST, DATE, "POST", "/v1/svcName", AT.minusSeconds(600)))
                .isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void anUnknownNameAndAWrongSecretReadAlike() throws Exception {
        String unknown = authorization("nobody", SECRET, "POST", "/v1/svcName");
        String wrong = authorization(NAME, "not-the-secret", "POST", "/v1/svcName");
        String othersSecret = authorization(NAME, "another-secret-abcdefgh", "POST", "/v1/svcName");
        Verdict a = check(unknown, HOST, DATE, "POST", "/v1/svcName", AT);
        Verdict b = check(wrong, HOST, DATE, "POST", "/v1/svcName", AT);
        Verdict c = check(othersSecret, HOST, DATE, "POST", "/v1/svcName", AT);
        assertThat(a).isInstanceOf(Verdict.Refused.class).isEqualTo(b).isEqualTo(c);
        assertThat(check(authorization("other", "another-secret-abcdefgh", "POST", "/v1/svcName"), HOST, DATE,
                "POST", "/v1/svcName", AT)).isEqualTo(new Verdict.Allowed(new Caller("other")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer docs-example-secret-0123456789", "api_key=\"docs-client\"",
            "api_key=\"docs-client\", algorithm=\"hmac-sha1\", headers=\"host date request-line\", signature=\"x\"",
            "api_key=\"docs-client\", algorithm=\"hmac-sha256\", headers=\"host date\", signature=\"x\"",
            "api_key=\"a\", api_key=\"b\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\"x\"",
            "%%%%", "YQ=="})
    void malformedAuthorizationsAreRefused(String authorization) throws Exception {
        assertThat(check(authorization, HOST, DATE, "POST", "/v1/svcName", AT)).isInstanceOf(Verdict.Refused.class);
    }

    /** Every single-byte change of the sent authorization, and seeded random damage: none passes, none throws. */
    @Test
    void damagedSignaturesNeverPass() throws Exception {
        Random random = new Random(14);
        byte[] good = AUTHORIZATION.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < good.length; i++) {
            byte[] damaged = good.clone();
            damaged[i] = (byte) (damaged[i] == 'A' ? 'B' : 'A');
            String text = new String(damaged, StandardCharsets.US_ASCII);
            Verdict verdict = check(text, HOST, DATE, "POST", "/v1/svcName", AT);
            // Base64's last character may carry unused bits: a change there can decode to the same bytes.
            if (Base64.getDecoder().decode(text).length > 0
                    && java.util.Arrays.equals(Base64.getDecoder().decode(text), Base64.getDecoder().decode(AUTHORIZATION))) {
                continue;
            }
            assertThat(verdict).as("byte %d changed", i).isInstanceOf(Verdict.Refused.class);
        }
        for (int n = 0; n < 2000; n++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            String text = random.nextBoolean() ? Base64.getEncoder().encodeToString(noise)
                    : new String(noise, StandardCharsets.ISO_8859_1);
            assertThat(check(text, HOST, DATE, "POST", "/v1/svcName", AT)).isInstanceOf(Verdict.Refused.class);
        }
    }

    @Test
    void missingPartsSayWhatToSend() throws Exception {
        Verdict verdict = check(null, HOST, DATE, "POST", "/v1/svcName", AT);
        assertThat(((Verdict.Refused) verdict).reason()).contains("host, date and authorization");
        assertThat(((Verdict.Refused) check(AUTHORIZATION, HOST, "yesterday", "POST", "/v1/svcName", AT)).reason())
                .contains("RFC 1123");
    }

    /** What a client sends: the base64 form, signed with {@code secret} over the worked example's host and date. */
    static String authorization(String name, String secret, String method, String path) {
        return authorization(name, secret, HOST, DATE, method, path);
    }

    static String authorization(String name, String secret, String host, String date, String method, String path) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(
                    HmacSignature.signedText(host, date, method, path).getBytes(StandardCharsets.UTF_8)));
            String plain = "api_key=\"" + name + "\", algorithm=\"hmac-sha256\", headers=\"host date request-line\","
                    + " signature=\"" + signature + "\"";
            return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rfc1123(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC));
    }
}
