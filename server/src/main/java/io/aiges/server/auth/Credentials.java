package io.aiges.server.auth;

/**
 * What a request presents to prove who sent it, gathered by its front-end from wherever that
 * protocol carries it (HTTP headers, a WebSocket URL's query, gRPC metadata), and the request
 * line a signature covers. Any part may be null: absent.
 *
 * @param authorization    the {@code Authorization} value: {@code Bearer KEY} for {@code apikey}, the
 *                         signature parameters (or their base64) for {@code hmac}
 * @param apiKey           an {@code X-Api-Key} value, or a browser WebSocket's {@code api_key} query parameter
 * @param host             the {@code host} a signature says it covers
 * @param date             the {@code date} a signature says it covers (RFC 1123)
 * @param method           the request's method ({@code POST} for every gRPC call)
 * @param path             the request's path without its query, as sent (a gRPC call's {@code /package.Service/Method})
 * @param certificateName  the subject of the client's TLS certificate, when mutual TLS checked one
 */
public record Credentials(String authorization, String apiKey, String host, String date, String method, String path,
                          String certificateName) {
}
