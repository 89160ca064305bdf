package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.PushingEngines;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results an engine pushes from its own thread reach a WebSocket client at once, while it sends
 * nothing, instead of with the answer to its next frame.
 */
class WebSocketPushTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static TestServer server(EngineSpec spec) {
        return TestServer.start(spec, new PoolConfig(1, 0, Duration.ZERO), Duration.ofSeconds(10), 1 << 20,
                PushingEngines.PUSH_ONLY);
    }

    @Test
    void aJavaEnginesPushedResultReachesASilentClient() throws Exception {
        try (TestServer server = server(PushingEngines.java()); WsClient ws = new WsClient()) {
            assertPushedThenFinal(server, ws);
        }
    }

    @Test
    void theCStreamingExamplesPushedResultsReachASilentClient() throws Exception {
        try (TestServer server = server(PushingEngines.cStreaming(dir)); WsClient ws = new WsClient()) {
            assertPushedThenFinal(server, ws);
        }
    }

    /**
     * A client that never reads while the engine pushes 128 MiB: the session ends (10100) once the
     * socket's write queue is full, instead of the server buffering it all.
     */
    @Test
    void aClientThatDoesNotReadPushedResultsEndsItsSession() throws Exception {
        try (TestServer server = server(PushingEngines.java());
             java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            out.write(("GET /v1/svcName HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            var in = socket.getInputStream();
            // Reads the handshake answer only, up to its blank line; after that, nothing.
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                assertThat(b).as("handshake answer").isNotNegative();
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            out.write(maskedText(WebSocketSessionTest.frame(0, "hello ", "\"flood\": \"2048\"")));
            out.flush();
            // Well before [ws] readTimeout (15 s): it is the full write queue that ends the session.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            var service = server.server().services().get("svcName");
            Thread.sleep(200);
            while (service.sessions().size() > 0 || service.pool().idleCount() < 1) {
                assertThat(System.nanoTime()).as("the session of a client that does not read ends").isLessThan(deadline);
                Thread.sleep(20);
            }
            // What was queued still arrives, then the error frame (the close waits for our answer).
            StringBuilder tail = new StringBuilder();
            byte[] chunk = new byte[1 << 16];
            for (int n; !tail.toString().contains("does not read") && (n = in.read(chunk)) >= 0; ) {
                tail.append(new String(chunk, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                if (tail.length() > 8192) {
                    tail.delete(0, tail.length() - 8192);
                }
            }
            assertThat(tail.toString()).contains("\"code\":10100").contains("does not read");
        }
    }

    /** One client text frame: FIN, opcode 1, masked, 16-bit length (the frames here are short). */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload.length).isLessThan(65536);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[8 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | 126);
        frame[2] = (byte) (payload.length >> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(mask, 0, frame, 4, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[8 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    private static void assertPushedThenFinal(TestServer server, WsClient ws) throws Exception {
        ws.connect(server.port(), "/v1/svcName");
        ws.send(WebSocketSessionTest.frame(0, "hello ", ""));
        // Nothing more is sent: the partial result comes by itself.
        JsonNode partial = JSON.readTree(ws.next());
        assertThat(partial.at("/header/code").asInt()).as(partial.toString()).isZero();
        assertThat(partial.at("/header/status").asInt()).isEqualTo(1);
        assertThat(partial.at("/payload/result/text").asText()).isEqualTo("partial: hello ");
        ws.send(WebSocketSessionTest.frame(1, "big ", ""));
        JsonNode second = JSON.readTree(ws.next());
        assertThat(second.at("/payload/result/text").asText()).isEqualTo("partial: hello big ");
        ws.send(WebSocketSessionTest.frame(2, "world", ""));
        JsonNode last = JSON.readTree(ws.next());
        assertThat(last.at("/header/status").asInt()).isEqualTo(2);
        assertThat(last.at("/payload/result/text").asText()).isEqualTo("final: hello big world");
        assertThat(ws.next()).as("the final result closes the socket; nothing is sent twice").isEqualTo(WsClient.CLOSED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().services().get("svcName").pool().idleCount() < 1) {
            assertThat(System.nanoTime()).as("instance returned to the pool").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
