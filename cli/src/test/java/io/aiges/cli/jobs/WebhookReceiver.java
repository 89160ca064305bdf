package io.aiges.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback endpoint for {@code [jobs] webhook}: counts deliveries per job and keeps when the last came. */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivedNanos = new ConcurrentHashMap<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(threads);
        server.createContext("/jobs-done", exchange -> {
            JsonNode job = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String id = job.path("id").asText();
            arrivedNanos.put(id, System.nanoTime());
            states.put(id, job.path("state").asText());
            deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jobs-done";
    }

    /** Jobs delivered at least once. */
    public int distinct() {
        return deliveries.size();
    }

    /** Job ids delivered more than once, with their counts. */
    public Map<String, Integer> duplicates() {
        Map<String, Integer> twice = new ConcurrentHashMap<>();
        deliveries.forEach((id, count) -> {
            if (count.get() > 1) {
                twice.put(id, count.get());
            }
        });
        return twice;
    }

    /** When the job's delivery arrived ({@link System#nanoTime}), or null. */
    public Long arrived(String id) {
        return arrivedNanos.get(id);
    }

    public String state(String id) {
        return states.get(id);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
