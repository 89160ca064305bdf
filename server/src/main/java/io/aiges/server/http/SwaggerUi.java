package io.aiges.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Swagger UI from the swagger-ui WebJar on the class path (never a CDN: aiges must work
 * offline), pointed at {@code /openapi.json}. The page is at {@code /}; the original's
 * {@code /swagger/index.html} works too.
 */
final class SwaggerUi {
    private static final String POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private SwaggerUi() {
    }

    static void mount(Router router) {
        String root = "META-INF/resources/webjars/swagger-ui/" + webJarVersion();
        Buffer page = Buffer.buffer(INDEX, StandardCharsets.UTF_8.name());
        router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(page));
        router.get("/swagger/index.html").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8").end(page));
        router.get("/swagger/*").handler(StaticHandler.create(root).setCachingEnabled(true));
    }

    private static String webJarVersion() {
        try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(POM)) {
            if (in == null) {
                throw new IllegalStateException("swagger-ui WebJar missing from the class path (" + POM + ")");
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String INDEX = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>aiges API</title>
              <link rel="stylesheet" href="/swagger/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/swagger/swagger-ui-bundle.js"></script>
              <script>
                window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
              </script>
            </body>
            </html>
            """;
}
