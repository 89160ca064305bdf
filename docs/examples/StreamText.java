// A WebSocket streaming client for aiges using only the JDK (java.net.http).
// Run it with a JDK 11+ (single-file source launch):
//   java docs/examples/StreamText.java ws://127.0.0.1:1888/v1/svcName "hello " "streaming " "world"
// Each argument after the URL is sent as one frame (status 0 first, 1 continue, 2 last);
// every frame the server sends back is printed as it arrives.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

public class StreamText {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java StreamText.java ws://HOST:PORT/v1/SERVICE CHUNK...");
            System.exit(2);
        }
        String service = URI.create(args[0]).getPath().replaceFirst("^/v1/", "");
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(args[0]), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            System.out.println("<- " + message);
                            message.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        closed.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).join();
        for (int i = 1; i < args.length; i++) {
            int status = i == 1 ? 0 : i == args.length - 1 ? 2 : 1;
            String text = Base64.getEncoder().encodeToString(args[i].getBytes(StandardCharsets.UTF_8));
            String frame = """
                    {"header": {"status": %d}, "parameter": {"%s": {}},
                     "payload": {"text": {"encoding": "utf8", "status": %d, "text": "%s"}}}"""
                    .formatted(status, service, status, text);
            System.out.println("-> frame " + status + ": " + args[i]);
            ws.sendText(frame, true).join();
        }
        closed.get(30, TimeUnit.SECONDS);
    }
}
