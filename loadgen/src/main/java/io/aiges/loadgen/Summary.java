package io.aiges.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The result of a measured run: what was asked, how many requests ended how, the throughput and
 * the latency distribution (milliseconds, from HdrHistogram). For streaming front-ends a request is
 * a whole session, and sessions that time their frames add the per-frame latency.
 *
 * @param frontEnd         {@code http}, {@code websocket}, {@code grpc} or {@code grpc-stream}
 * @param errors           requests by code other than {@code "0"}: AIGES codes, {@code timeout}, {@code transport}
 * @param targetRate       requests a second asked for; 0 for a closed loop
 * @param framesPerSession frames each session sent in lockstep ({@code --frames}); 0 otherwise
 * @param frameLatency     each frame's round trip in those sessions; null when frames were not timed
 */
public record Summary(String url, String frontEnd, int concurrency, double targetRate, double seconds,
                      long requests, long ok, Map<String, Long> errors, double throughput, Latency latency,
                      int framesPerSession, Latency frameLatency) {

    /** Latency percentiles in milliseconds, of {@code count} values. */
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean, long count) {
        static Latency of(Histogram nanos) {
            return new Latency(ms(nanos.getValueAtPercentile(50)), ms(nanos.getValueAtPercentile(90)),
                    ms(nanos.getValueAtPercentile(99)), ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()),
                    nanos.getTotalCount() == 0 ? 0 : nanos.getMean() / 1e6, nanos.getTotalCount());
        }

        String line() {
            return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f", p50, p90, p99, p999, max);
        }

        void into(ObjectNode ms) {
            ms.put("p50", p50);
            ms.put("p90", p90);
            ms.put("p99", p99);
            ms.put("p99.9", p999);
            ms.put("max", max);
            ms.put("mean", mean);
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    static Summary of(BenchUrl url, String frontEnd, LoadPlan plan, LatencyRecorder recorder, double seconds,
                      int framesPerSession) {
        Map<String, Long> codes = new TreeMap<>(recorder.codes());
        long ok = codes.getOrDefault(Target.SUCCESS, 0L);
        codes.remove(Target.SUCCESS);
        Histogram latencies = recorder.snapshot();
        long requests = latencies.getTotalCount();
        return new Summary(url.toString(), frontEnd, plan.concurrency(),
                plan.rate(), seconds, requests, ok, Map.copyOf(codes), seconds > 0 ? requests / seconds : 0,
                Latency.of(latencies), framesPerSession,
                framesPerSession > 0 ? Latency.of(recorder.frameSnapshot()) : null);
    }

    /** Whether a request was a streaming session. */
    public boolean sessions() {
        return frontEnd.equals("websocket") || frontEnd.equals("grpc-stream");
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
        String unit = sessions() ? "sessions" : "req";
        out.append(String.format(Locale.ROOT, "  %-12s%d (%d ok, %d failed)%s%n", sessions() ? "sessions" : "requests",
                requests, ok, failed(), framesPerSession > 0 ? ", " + framesPerSession + " frames each" : ""));
        if (!errors.isEmpty()) {
            StringJoiner byCode = new StringJoiner(", ");
            new TreeMap<>(errors).forEach((code, count) -> byCode.add(code + ": " + count));
            out.append("  errors      ").append(byCode).append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "  throughput  %.1f %s/s%n", throughput, unit));
        if (targetRate > 0) {
            out.append(String.format(Locale.ROOT, "  rate        %.1f of %s %s/s asked (%.0f%%)%n", throughput,
                    number(targetRate), unit, 100 * throughput / targetRate));
        }
        out.append("  latency ms  ").append(latency.line()).append(sessions() ? "  (whole session)" : "")
                .append(System.lineSeparator());
        if (frameLatency != null) {
            out.append("  frame ms    ").append(frameLatency.line())
                    .append(String.format(Locale.ROOT, "  (%d frames)%n", frameLatency.count));
        }
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
        latency.into(root.putObject("latencyMs"));
        if (frameLatency != null) {
            root.put("framesPerSession", framesPerSession);
            root.put("frames", frameLatency.count);
            frameLatency.into(root.putObject("frameLatencyMs"));
        }
        return root.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
