package io.aiges.server.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A client that speaks HTTP/1.1 and WebSocket by hand over a plain socket, so a test can do
 * what no polite client library does: trickle bytes, never read, lie about lengths, flood
 * control frames.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Random random = new Random(7);

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) throws IOException {
        return connect(port, -1);
    }

    /** With a receive buffer of {@code receiveBuffer} bytes (-1: the system's), set before connecting. */
    public static RawClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return new RawClient(socket);
    }

    /**
     * Over TLS as {@code context} trusts, offering HTTP/1.1 alone by ALPN; {@code receiveBuffer}
     * as in {@link #connect(int, int)}. The handshake is done when this returns.
     */
    public static RawClient connectTls(int port, javax.net.ssl.SSLContext context, int receiveBuffer)
            throws IOException {
        return connectTls(port, context, receiveBuffer, "http/1.1");
    }

    /** Like {@link #connectTls(int, javax.net.ssl.SSLContext, int)}, offering {@code protocol} ({@code h2}) alone. */
    public static RawClient connectTls(int port, javax.net.ssl.SSLContext context, int receiveBuffer, String protocol)
            throws IOException {
        RawClient plain = connect(port, receiveBuffer);
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(plain.socket, "127.0.0.1", port, true);
        javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
        parameters.setApplicationProtocols(new String[]{protocol});
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        return new RawClient(tls);
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Everything the server sends until it closes, or until {@code timeoutMillis} pass without a byte. */
    public String readAll(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // timed out, or reset: what came so far is the answer
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the server has sent something not read yet. */
    public boolean answered() throws IOException {
        return in.available() > 0;
    }

    /** True when the server closed the connection (EOF or reset) within {@code timeoutMillis}. */
    public boolean closedWithin(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buffer = new byte[8192];
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            while (System.nanoTime() < end) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** Sends the WebSocket upgrade for {@code path} and reads the 101 answer's head. */
    public void upgrade(String path) throws IOException {
        send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head);
        }
    }

    /** Reads the head of the next answer (up to its blank line). */
    public String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** Reads and drops the body of the answer whose head is {@code head} (it must declare a Content-Length). */
    public void skipBody(String head) throws IOException {
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        if (!length.find()) {
            throw new IOException("no content-length in " + head);
        }
        in.readNBytes(Integer.parseInt(length.group(1)));
    }

    /** A masked client frame: {@code opcode} 1 text, 0 continuation, 9 ping. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        send(frame(opcode, fin, payload));
    }

    /** The next server frame: its opcode and payload (servers do not mask), or null at EOF. */
    public Frame readFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.read();
        long length = second & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        return new Frame(first & 0x0F, payload);
    }

    public record Frame(int opcode, byte[] payload) {
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** {@code bytes} {@code times} over, one after the other. */
    public static byte[] repeat(byte[] bytes, int times) {
        byte[] all = new byte[bytes.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(bytes, 0, all, i * bytes.length, bytes.length);
        }
        return all;
    }

    /** Writes {@code burst} over and over on a thread of its own, until the socket fails or {@code limit} bytes are sent. */
    public Flood flood(byte[] burst, long limit) {
        return new Flood(this, burst, limit);
    }

    /** A flood in progress: how much went out, and whether the server has stopped it. */
    public static final class Flood {
        private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        private final Thread thread;

        private Flood(RawClient client, byte[] burst, long limit) {
            thread = Thread.ofVirtual().start(() -> {
                try {
                    while (sent.get() < limit) {
                        client.send(burst);
                        sent.addAndGet(burst.length);
                    }
                } catch (IOException closed) {
                    // the server closed the connection
                }
            });
        }

        /** True when the flood ended (the server closed the socket, or the limit was sent) within {@code wait}. */
        public boolean endedWithin(java.time.Duration wait) throws InterruptedException {
            return thread.join(wait);
        }

        public long sent() {
            return sent.get();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
