package io.aiges.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The streaming demo at {@code /demo/stream}: a page that streams typed text (or microphone PCM)
 * over the WebSocket session protocol and shows partial and final results. One static file,
 * plain HTML and JavaScript, served from the class path: no build step and no CDN, so it works
 * offline like Swagger UI. {@code ?service=NAME} picks the service (default {@code svcName}).
 */
final class StreamDemoPage {
    static final String PATH = "/demo/stream";
    private static final String RESOURCE = "io/aiges/server/http/stream.html";

    private StreamDemoPage() {
    }

    static void mount(Router router) {
        Buffer page = Buffer.buffer(load());
        router.get(PATH).handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-cache").end(page));
    }

    private static byte[] load() {
        try (InputStream in = StreamDemoPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the streaming demo page is missing from the class path (" + RESOURCE + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
