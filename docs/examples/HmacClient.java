// A client for aiges with [auth] mode = "hmac" (iFlytek's open-platform signature), JDK only.
// Run it with a JDK 11+ (single-file source launch):
//   java docs/examples/HmacClient.java http://localhost:1888/v1/svcName my-client SECRET fixtures/mnist-seed-request.json
//   java docs/examples/HmacClient.java http://localhost:1888/v1/svcName my-client --secret-file secret.txt request.json
// POSTs the body file with the headers host, date and authorization, and prints the status and answer.
//   java docs/examples/HmacClient.java --websocket ws://localhost:1888/v1/svcName my-client SECRET
// prints the URL a WebSocket client (a browser too) opens: the three values as query parameters.
// --date "Wed, 02 Dec 2026 08:00:00 GMT" signs with that date instead of now (the server accepts
// dates within 300 s of its clock). The signature is explained in docs/security.md.

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class HmacClient {
    /** RFC 1123 as the scheme writes it: two-digit day, GMT. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    /** What a request carries, as headers or (WebSocket) query parameters. */
    public record Signed(String host, String date, String authorization) {
    }

    /** The text signed: host, date and the request line, one a line. */
    public static String stringToSign(String host, String date, String method, String path) {
        return "host: " + host + "\ndate: " + date + "\n" + method + " " + path + " HTTP/1.1";
    }

    /** base64(HMAC-SHA256(secret, text)). */
    public static String signature(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The authorization value before its base64. */
    public static String authorizationParams(String name, String signature) {
        return "api_key=\"" + name + "\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\""
                + signature + "\"";
    }

    /**
     * Signs {@code method} on {@code url} for the client {@code name}: the host is what the Host
     * header carries (the URL's host, and its port unless the scheme's own), the path is the URL's
     * path as sent, without the query string.
     */
    public static Signed sign(String name, String secret, String method, URI url, String date) {
        String host = hostHeader(url);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String params = authorizationParams(name, signature(secret, stringToSign(host, date, method, path)));
        return new Signed(host, date, Base64.getEncoder().encodeToString(params.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hostHeader(URI url) {
        String host = url.getHost().contains(":") && !url.getHost().startsWith("[") ? "[" + url.getHost() + "]"
                : url.getHost();
        int standard = switch (url.getScheme().toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> 443;
            default -> 80;
        };
        return url.getPort() == -1 || url.getPort() == standard ? host : host + ":" + url.getPort();
    }

    /** Now, as the date header writes it. */
    public static String now() {
        return DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    /** The WebSocket URL with host, date and authorization added to its query (an upgrade is a GET). */
    public static String signedWebSocketUrl(URI url, String name, String secret, String date) {
        Signed signed = sign(name, secret, "GET", url, date);
        String query = "host=" + encode(signed.host()) + "&date=" + encode(signed.date())
                + "&authorization=" + encode(signed.authorization());
        String base = url.toString().replaceFirst("#.*$", "");
        return base + (url.getRawQuery() == null ? "?" : "&") + query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static void main(String[] args) throws Exception {
        boolean websocket = false;
        String date = null;
        String secretFile = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--websocket" -> websocket = true;
                case "--date" -> date = args[++i];
                case "--secret-file" -> secretFile = args[++i];
                default -> positional.add(args[i]);
            }
        }
        int wanted = (secretFile == null ? 3 : 2) + (websocket ? 0 : 1);
        if (positional.size() != wanted) {
            System.err.println("usage: java HmacClient.java [--date DATE] URL NAME (SECRET | --secret-file FILE) BODY_FILE\n"
                    + "       java HmacClient.java --websocket [--date DATE] ws://HOST:PORT/PATH NAME (SECRET | --secret-file FILE)");
            System.exit(2);
        }
        URI url = URI.create(positional.get(0));
        String name = positional.get(1);
        String secret = secretFile != null ? Files.readString(Path.of(secretFile)).strip() : positional.get(2);
        date = date != null ? date : now();
        if (websocket) {
            System.out.println(signedWebSocketUrl(url, name, secret, date));
            return;
        }
        Signed signed = sign(name, secret, "POST", url, date);
        // host is the Host header the client sends itself, from the URL: the one signed.
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Date", signed.date())
                .header("Authorization", signed.authorization())
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of(positional.get(positional.size() - 1))))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode());
        System.out.println(response.body());
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }
}
