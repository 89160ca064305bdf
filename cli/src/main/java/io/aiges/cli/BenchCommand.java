package io.aiges.cli;

import io.aiges.config.Durations;
import io.aiges.loadgen.Bench;
import io.aiges.loadgen.BenchUrl;
import io.aiges.loadgen.LoadPlan;
import io.aiges.loadgen.ProgressLine;
import io.aiges.loadgen.Sessions;
import io.aiges.loadgen.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code aiges bench}: load an aiges front-end (AIGES or OIP v2) and report throughput, latency percentiles and errors by code. */
@Command(name = "bench", description = {
        "Load an aiges service and report throughput, latency percentiles and errors by code.",
        "URL is http://host:port/v1/svc (POST), ws://host:port/v1/svc (one streaming session per request:",
        "the body file holds one JSON frame per line) or grpc://host:port/svc (the Once call, or with --stream",
        "the Stream call as a WebSocket session; the body is the HTTP request JSON, translated). With --frames N",
        "a session sends the body N times as its frames, each after the previous one's result, and the",
        "per-frame latency is reported too. Open Inference Protocol v2: http://host:port/v2/models/m/infer",
        "(POST; success is 200 with outputs, failures count by HTTP status) or oip+grpc://host:port/m (ModelInfer,",
        "built from the same JSON body; failures count by gRPC status); see docs/oip.md.",
        "Only this machine is loaded unless --allow-remote is given.",
        "Example: aiges bench --body fixtures/mnist-seed-request.json -c 8 -d 10s http://127.0.0.1:1888/v1/svcName"})
final class BenchCommand implements Callable<Integer> {
    private static final int DEFAULT_CLOSED_CONCURRENCY = 8;
    private static final int DEFAULT_OPEN_IN_FLIGHT = 64;

    @Parameters(index = "0", paramLabel = "URL", description = "The service to load.")
    private String url;

    @Option(names = "--body", paramLabel = "FILE", required = true,
            description = "The request body (for ws://, one JSON frame per line), e.g. fixtures/mnist-seed-request.json.")
    private Path body;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
            description = "Requests in flight: a closed loop keeps N busy (default " + DEFAULT_CLOSED_CONCURRENCY
                    + "); with --rate, the most allowed at once (default " + DEFAULT_OPEN_IN_FLIGHT + ").")
    private Integer concurrency;

    @Option(names = "--rate", paramLabel = "R",
            description = "Open loop: send R requests a second on a fixed schedule, timed from each scheduled send.")
    private Double rate;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", description = "Stop after N requests.")
    private Long requests;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop sending after TIME (500ms, 30s, 2m). With -n, whichever comes first; one is required.")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "0s",
            description = "Load for TIME first and drop those numbers (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "10s",
            description = "Give up on a request after TIME; it counts as error 'timeout' (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--stream", description = "For grpc://: one Stream call (a session) per request instead of Once.")
    private boolean stream;

    @Option(names = "--frames", paramLabel = "N",
            description = "Streaming (ws://, or grpc:// with --stream): every session sends the body, one request JSON,"
                    + " as N frames (header.status 0, 1..., 2), each after the previous one's result; reports"
                    + " sessions/s and the per-frame latency. Needs an engine that answers every frame (realTimeRlt).")
    private Integer frames;

    @Option(names = "--json", description = "Print the summary as one JSON object, and no progress line.")
    private boolean json;

    @Option(names = "--allow-remote", description = "Allow a host other than this machine (127.0.0.0/8, ::1, localhost).")
    private boolean allowRemote;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final CliContext context;

    BenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        BenchUrl target = bad(() -> BenchUrl.parse(url));
        if (!allowRemote && !target.isLoopback()) {
            throw new ParameterException(spec.commandLine(), "refusing to load " + target.host()
                    + ": it is not this machine (127.0.0.0/8, ::1, localhost); pass --allow-remote to load it anyway");
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new ParameterException(spec.commandLine(), "--rate: expected requests a second above 0, got " + rate);
        }
        if (requests != null && requests < 1) {
            throw new ParameterException(spec.commandLine(), "-n/--requests: expected at least 1, got " + requests);
        }
        boolean openLoop = rate != null;
        LoadPlan plan = bad(() -> new LoadPlan(
                concurrency != null ? concurrency : openLoop ? DEFAULT_OPEN_IN_FLIGHT : DEFAULT_CLOSED_CONCURRENCY,
                openLoop ? rate : 0, requests == null ? 0 : requests, duration, warmup, timeout));
        if (frames != null && frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames: expected at least 1, got " + frames);
        }
        Sessions sessions = new Sessions(stream, frames == null ? 0 : frames);
        byte[] request = readBody();
        Summary summary = bad(() -> runBench(target, request, sessions, plan));
        context.out().print(json ? summary.json() + System.lineSeparator() : summary.text());
        context.out().flush();
        return 0;
    }

    private Summary runBench(BenchUrl target, byte[] request, Sessions sessions, LoadPlan plan) {
        // A line on stderr once a second, only for a person watching a terminal.
        ProgressLine progress = json || System.console() == null || !System.console().isTerminal()
                ? null : new ProgressLine(context.err());
        try {
            return Bench.run(target, request, sessions, plan, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (progress != null) {
                progress.clear();
            }
        }
    }

    private byte[] readBody() {
        try {
            return Files.readAllBytes(context.cwd().resolve(body));
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "--body: no such file: " + context.cwd().resolve(body));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--body: cannot read " + body + ": " + e.getMessage());
        }
    }

    /** Runs {@code step}; the messages of its IllegalArgumentExceptions are the user's command-line mistakes. */
    private <T> T bad(Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
