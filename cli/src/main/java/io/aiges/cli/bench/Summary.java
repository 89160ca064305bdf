package io.aiges.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The result of a measured run: what was asked, how many requests ended how, the throughput and
 * the latency distribution (milliseconds, from HdrHistogram).
 *
 * @param errors     requests by code other than {@code "0"}: AIGES codes, {@code timeout}, {@code transport}
 * @param targetRate requests a second asked for; 0 for a closed loop
 */
public record Summary(String url, String frontEnd, int concurrency, double targetRate, double seconds,
                      long requests, long ok, Map<String, Long> errors, double throughput, Latency latency) {

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
        static Latency of(Histogram nanos) {
            return new Latency(ms(nanos.getValueAtPercentile(50)), ms(nanos.getValueAtPercentile(90)),
                    ms(nanos.getValueAtPercentile(99)), ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()),
                    nanos.getTotalCount() == 0 ? 0 : nanos.getMean() / 1e6);
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    static Summary of(BenchUrl url, LoadPlan plan, LatencyRecorder recorder, double seconds) {
        Map<String, Long> codes = new TreeMap<>(recorder.codes());
        long ok = codes.getOrDefault(Target.SUCCESS, 0L);
        codes.remove(Target.SUCCESS);
        Histogram latencies = recorder.snapshot();
        long requests = latencies.getTotalCount();
        return new Summary(url.toString(), url.frontEnd().name().toLowerCase(Locale.ROOT), plan.concurrency(),
                plan.rate(), seconds, requests, ok, Map.copyOf(codes), seconds > 0 ? requests / seconds : 0,
                Latency.of(latencies));
    }

    public long failed() {
        return requests - ok;
    }

    /** The summary for people, one fact a line. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "aiges bench %s: %s, %.1f s%n", url,
                targetRate > 0 ? String.format(Locale.ROOT, "open loop at %s req/s (at most %d in flight)",
                        number(targetRate), concurrency) : "closed loop, concurrency " + concurrency, seconds));
        out.append(String.format(Locale.ROOT, "  requests    %d (%d ok, %d failed)%n", requests, ok, failed()));
        if (!errors.isEmpty()) {
            StringJoiner byCode = new StringJoiner(", ");
            new TreeMap<>(errors).forEach((code, count) -> byCode.add(code + ": " + count));
            out.append("  errors      ").append(byCode).append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "  throughput  %.1f req/s%n", throughput));
        if (targetRate > 0) {
            out.append(String.format(Locale.ROOT, "  rate        %.1f of %s req/s asked (%.0f%%)%n", throughput,
                    number(targetRate), 100 * throughput / targetRate));
        }
        out.append(String.format(Locale.ROOT, "  latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                latency.p50, latency.p90, latency.p99, latency.p999, latency.max));
        return out.toString();
    }

    /** The summary for programs: one JSON object (see docs/operations.md for the fields). */
    public String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("url", url);
        root.put("frontend", frontEnd);
        root.put("mode", targetRate > 0 ? "open" : "closed");
        root.put("concurrency", concurrency);
        if (targetRate > 0) {
            root.put("targetRate", targetRate);
        }
        root.put("seconds", seconds);
        root.put("requests", requests);
        root.put("ok", ok);
        ObjectNode byCode = root.putObject("errors");
        new TreeMap<>(errors).forEach(byCode::put);
        root.put("throughput", throughput);
        ObjectNode ms = root.putObject("latencyMs");
        ms.put("p50", latency.p50);
        ms.put("p90", latency.p90);
        ms.put("p99", latency.p99);
        ms.put("p99.9", latency.p999);
        ms.put("max", latency.max);
        ms.put("mean", latency.mean);
        return root.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
