package io.aiges.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.ClientLimitConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.RateLimitConfig;
import io.aiges.engine.config.ReadyWhen;
import io.aiges.engine.config.RepositoryConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.engine.service.ServiceNames;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads {@code aiges.toml} into an {@link AigesConfig}, the original's way: {@code -s} names the
 * service and its section; the HTTP address comes from {@code [wrapper] http_listen}; the licence
 * from {@code [fc] max}; the {@code [wrapper]} table goes to the engine as strings.
 *
 * <p>Every problem is a {@link ConfigException} whose message names the file, the line, the
 * section and key, what was expected and what was found. Keys aiges does not know in sections it
 * does know are reported to the warnings consumer, not refused: the original ignored them too.
 *
 * <pre>{@code
 * AigesConfig config = new ConfigLoader(System.getenv(), System.err::println)
 *         .load(Path.of("aiges.toml"), "svcName");
 * }</pre>
 */
public final class ConfigLoader {

    /** The service (and section) name the original uses when {@code -s} is not given. */
    public static final String DEFAULT_SERVICE = "svcName";

    /** Overrides {@code [engine] form}, as the original's {@code AIGES_PLUGIN_MODE} chose c or python. */
    public static final String PLUGIN_MODE_ENV = "AIGES_PLUGIN_MODE";

    /** The engine forms, in the order messages list them. */
    public static final List<String> FORMS = List.of("c", "python", "java", "onnx");

    /** The original's only engine form, still the default when neither env nor file names one. */
    public static final String DEFAULT_FORM = "c";

    /**
     * Where a file that names no listen address listens: this machine only. The original listened on
     * every interface; aiges does only when told ({@code 0.0.0.0}), so that a new service with
     * {@code [auth]} off is not open to the network by accident (docs/security.md).
     */
    static final String DEFAULT_LISTEN = "127.0.0.1:1888";
    static final int DEFAULT_LICENCE = 4;
    static final int DEFAULT_QUEUE = 100;
    static final long DEFAULT_QUEUE_TIMEOUT_MS = 10_000;
    static final long DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
    static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    static final long DEFAULT_READ_TIMEOUT_S = 15;
    static final long DEFAULT_FC_TTL_MS = 10_000;
    /** As {@link #DEFAULT_LISTEN}: loopback unless the file says {@code host = "0.0.0.0"}. */
    static final String DEFAULT_GRPC_HOST = "127.0.0.1";
    static final int DEFAULT_GRPC_PORT = 5090;
    static final long DEFAULT_SESSION_TIMEOUT_S = 180;
    /** A bound for timeouts in seconds that keeps Duration arithmetic far from overflow (a year). */
    private static final long MAX_SECONDS = 365L * 24 * 3600;

    private final Map<String, String> env;
    private final Consumer<String> warnings;

    /**
     * @param env      the environment to read {@code AIGES_PLUGIN_MODE} from (tests pass their own)
     * @param warnings receives one line per thing worth a warning (unknown keys, overrides)
     */
    public ConfigLoader(Map<String, String> env, Consumer<String> warnings) {
        this.env = Map.copyOf(env);
        this.warnings = warnings;
    }

    /**
     * Reads {@code file} and builds the configuration of {@code service}.
     *
     * @param file    the TOML file; messages name it as given
     * @param service the {@code -s} name: the section holding the service's settings and its route
     */
    public AigesConfig load(Path file, String service) throws ConfigException {
        return load(file, file.toString(), service);
    }

    /** {@link #load(Path, String)}, with {@code name} standing for the file in messages (as the user typed it). */
    public AigesConfig load(Path file, String name, String service) throws ConfigException {
        TomlDocument document = TomlDocument.read(file, name);
        Path source = file.toAbsolutePath().normalize();
        return build(document, source, source.getParent(), service);
    }

    /** {@link #load}, from text already in memory; {@code name} stands for the file in messages. */
    public AigesConfig parse(String text, String name, Path baseDir, String service) throws ConfigException {
        return build(TomlDocument.parse(text, name), null, baseDir.toAbsolutePath().normalize(), service);
    }

    /**
     * What {@code aiges demo} serves: the default file's settings (the embedded MNIST model as
     * service {@code svcName}) listening on {@code host:port} (gRPC on {@code grpcPort}), with no file. The environment is not
     * read: the demo is the MNIST model whatever {@code AIGES_PLUGIN_MODE} says.
     */
    public static AigesConfig demoDefaults(String host, int port, int grpcPort) {
        AigesConfig defaults;
        try {
            defaults = new ConfigLoader(Map.of(), warning -> { })
                    .parse(DefaultConfig.text(), DefaultConfig.FILE_NAME, Path.of(""), DEFAULT_SERVICE);
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in aiges.toml is broken: " + e.getMessage(), e);
        }
        Map<String, String> engineConfig = new LinkedHashMap<>(defaults.service().engine().config());
        engineConfig.put("http_listen", (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        EngineSpec engine = defaults.service().engine();
        EngineSpec demoEngine = new EngineSpec(engine.service(), engine.form(), engine.artefact(),
                engine.entryClass(), engineConfig, engine.baseDir(), engine.options());
        ServiceConfig service = defaults.service();
        return new AigesConfig(null,
                new ServiceConfig(service.name(), demoEngine, service.pool(), service.requestTimeout(), service.sessions()),
                new HttpConfig(host, port, defaults.http().maxBodyBytes()),
                new GrpcConfig(true, host, grpcPort));
    }

    private AigesConfig build(TomlDocument document, Path source, Path baseDir, String service)
            throws ConfigException {
        if (!ServiceNames.isValid(service)) {
            throw document.problem("-s \"" + service + "\": a service name is " + ServiceNames.RULE
                    + " (it names the section and the route /v1/<name>)");
        }
        TomlSection serviceSection = document.section(service).orElseThrow(() -> missingService(document, service));
        warnUnknownKeys(document);

        TomlSection aiges = section(document, "aiges");
        TomlSection wrapper = section(document, "wrapper");
        TomlSection fc = section(document, "fc");

        EngineSpec engine = engine(document, service, baseDir, wrapper, aiges, fc);
        ListenAddress listen = listen(serviceSection, wrapper);
        PoolConfig pool = new PoolConfig(
                (int) fc.integer("max", 1, Integer.MAX_VALUE, DEFAULT_LICENCE),
                (int) fc.integer("queue", 0, Integer.MAX_VALUE, DEFAULT_QUEUE),
                Duration.ofMillis(fc.integer("queueTimeout", 0, Long.MAX_VALUE, DEFAULT_QUEUE_TIMEOUT_MS)),
                readyWhen(fc));
        Duration requestTimeout = Duration.ofMillis(
                aiges.integer("requestTimeout", 1, Long.MAX_VALUE, DEFAULT_REQUEST_TIMEOUT_MS));
        // A request waiting for its answer keeps its connection silent: by default the idle
        // timeout outlasts the longest a request may queue and run.
        Duration longestRequest = pool.queueTimeout().plus(requestTimeout).plusSeconds(30);
        Duration idleDefault = longestRequest.compareTo(HttpConfig.DEFAULT_IDLE_TIMEOUT) > 0
                ? longestRequest : HttpConfig.DEFAULT_IDLE_TIMEOUT;
        HttpConfig http = new HttpConfig(listen.host(), listen.port(),
                aiges.integer("maxBodySize", 1, Long.MAX_VALUE, DEFAULT_MAX_BODY_BYTES),
                (int) aiges.integer("httpEventLoops", 1, 1024, HttpConfig.defaultEventLoops()),
                Duration.ofSeconds(aiges.integer("httpIdleTimeout", 0, MAX_SECONDS, idleDefault.toSeconds())),
                corsOrigins(section(document, "http")));
        if (!http.idleTimeout().isZero() && http.idleTimeout().compareTo(longestRequest) < 0) {
            warnings.accept(aiges.warning("httpIdleTimeout", "httpIdleTimeout (" + http.idleTimeout().toSeconds()
                    + " s) is shorter than a request may take (queueTimeout + requestTimeout): a slow answer's"
                    + " connection may be closed before it is sent"));
        }

        if (serviceSection.get("finder").filter(v -> v.isIntegralNumber() && v.asLong() != 0).isPresent()) {
            warnings.accept(serviceSection.warning("finder", "service discovery (finder) is not supported; ignored"));
        }
        TomlSection ws = section(document, "ws");
        SessionConfig sessions = new SessionConfig(
                Duration.ofSeconds(ws.integer("readTimeout", 1, MAX_SECONDS, DEFAULT_READ_TIMEOUT_S)),
                Duration.ofSeconds(ws.integer("sessionTimeout", 1, MAX_SECONDS, DEFAULT_SESSION_TIMEOUT_S)),
                aiges.bool("realTimeRlt", true));
        GrpcConfig grpc = new GrpcConfig(true,
                serviceSection.string("host").filter(h -> !h.isBlank()).orElse(DEFAULT_GRPC_HOST),
                (int) serviceSection.integer("port", 0, 65535, DEFAULT_GRPC_PORT),
                aiges.get("grpcReflection").isPresent() ? aiges.bool("grpcReflection", true) : null);
        Duration drain = Duration.ofMillis(aiges.integer("drainTimeout", 0, MAX_SECONDS * 1000,
                AigesConfig.DEFAULT_DRAIN_TIMEOUT.toMillis()));
        RateLimitConfig rateLimit = rateLimit(fc, pool.licence());
        BatchConfig batching = batching(section(document, "batching"), pool);
        // 0, the default, is no limit: fairness between clients is asked for, not imposed.
        ClientLimitConfig clientLimits = new ClientLimitConfig(
                (int) fc.integer("maxSessionsPerClient", 0, Integer.MAX_VALUE, 0),
                (int) fc.integer("maxRequestsPerClient", 0, Integer.MAX_VALUE, 0));
        return new AigesConfig(source, new ServiceConfig(service, engine, pool, requestTimeout, sessions, rateLimit,
                batching, clientLimits), http, grpc,
                drain, log(section(document, "log"), baseDir), jobs(section(document, "jobs")),
                connections(aiges, ws, http.maxBodyBytes()), auth(section(document, "auth"), baseDir),
                tls(section(document, "tls"), baseDir),
                new RepositoryConfig(section(document, "repository").bool("followSymlinks", false)));
    }

    /**
     * {@code [auth] mode} ({@code none}, {@code apikey} or {@code hmac}), {@code keysFile} (relative
     * to the config's folder; needed by the other two modes) and {@code openMetrics}. The file's
     * lines are read by the server, which re-reads them when the file changes.
     */
    private static AuthConfig auth(TomlSection auth, Path baseDir) throws ConfigException {
        String word = auth.string("mode").orElse("none").strip().toLowerCase(Locale.ROOT);
        AuthConfig.Mode mode = Arrays.stream(AuthConfig.Mode.values()).filter(m -> m.word().equals(word))
                .findFirst().orElseThrow(() -> auth.problem("mode", "expected \"none\", \"apikey\" or \"hmac\", got \""
                        + word + "\""));
        Optional<String> keys = auth.string("keysFile").filter(f -> !f.isBlank());
        if (mode != AuthConfig.Mode.NONE && keys.isEmpty()) {
            throw auth.problem("mode", "mode = \"" + word + "\" needs keysFile, a file of NAME:SECRET lines");
        }
        Path keysFile = mode == AuthConfig.Mode.NONE ? null : baseDir.resolve(keys.get()).normalize();
        if (keysFile != null && !Files.isReadable(keysFile)) {
            throw auth.problem("keysFile", keysFile + " cannot be read"
                    + (Files.exists(keysFile) ? " (permissions)" : " (no such file)"));
        }
        return new AuthConfig(mode, keysFile, auth.bool("openMetrics", false));
    }

    /**
     * {@code [tls] cert}, {@code key} and {@code clientCa} (files relative to the config's folder):
     * cert and key together turn TLS on; what the files hold is checked by the server as it starts.
     */
    private static TlsConfig tls(TomlSection tls, Path baseDir) throws ConfigException {
        Optional<Path> cert = tls.string("cert").filter(f -> !f.isBlank()).map(f -> baseDir.resolve(f).normalize());
        Optional<Path> key = tls.string("key").filter(f -> !f.isBlank()).map(f -> baseDir.resolve(f).normalize());
        Optional<Path> clientCa = tls.string("clientCa").filter(f -> !f.isBlank()).map(f -> baseDir.resolve(f).normalize());
        if (cert.isPresent() != key.isPresent()) {
            throw tls.problem(cert.isPresent() ? "cert" : "key", "TLS needs both cert (the certificate chain, PEM)"
                    + " and key (its private key, PEM)");
        }
        if (clientCa.isPresent() && cert.isEmpty()) {
            throw tls.problem("clientCa", "clientCa (mutual TLS) needs cert and key as well");
        }
        return new TlsConfig(cert.orElse(null), key.orElse(null), clientCa.orElse(null));
    }

    /**
     * What one connection may hold ({@code [aiges] maxConnections}, {@code bodyTimeout} ms,
     * {@code bodyBudget}, {@code [ws] maxQueuedBytes}); the connection cap's default follows the
     * descriptor limit, the body budget's the heap.
     */
    private ConnectionLimits connections(TomlSection aiges, TomlSection ws, long maxBodyBytes)
            throws ConfigException {
        ConnectionLimits defaults = ConnectionLimits.DEFAULTS;
        // By default at least one body of the largest size fits.
        long budget = aiges.integer("bodyBudget", 1, Long.MAX_VALUE, Math.max(defaults.bodyBudget(), maxBodyBytes));
        if (budget < maxBodyBytes) {
            warnings.accept(aiges.warning("bodyBudget", "bodyBudget (" + budget + " bytes) is smaller than maxBodySize ("
                    + maxBodyBytes + "): a body of the largest size can never be accepted"));
        }
        return new ConnectionLimits(
                (int) aiges.integer("maxConnections", 1, 1_000_000, defaults.maxConnections()),
                Duration.ofMillis(aiges.integer("bodyTimeout", 1, MAX_SECONDS * 1000, defaults.readTimeout().toMillis())),
                ws.integer("maxQueuedBytes", 1024, Long.MAX_VALUE, defaults.maxQueuedBytes()),
                budget);
    }

    /**
     * {@code [http] corsOrigins}: the origins (scheme, host and port, as a browser sends them)
     * whose pages may call this service, or {@code ["*"]}; none by default.
     */
    private static List<String> corsOrigins(TomlSection http) throws ConfigException {
        Optional<JsonNode> origins = http.get("corsOrigins");
        if (origins.isEmpty()) {
            return List.of();
        }
        if (!origins.get().isArray()) {
            throw http.problem("corsOrigins", "expected a list of origins such as [\"https://app.example\"] (or [\"*\"]),"
                    + " got " + TomlValues.describe(origins.get()));
        }
        List<String> list = new ArrayList<>();
        for (JsonNode origin : origins.get()) {
            String text = origin.isTextual() ? origin.textValue().strip() : "";
            if (!text.equals("*") && !ORIGIN.matcher(text).matches()) {
                throw http.problem("corsOrigins", "expected origins such as \"https://app.example\" or"
                        + " \"http://localhost:8080\" (scheme://host[:port], no path), or \"*\", got "
                        + TomlValues.describe(origin));
            }
            list.add(text);
        }
        return list;
    }

    /** An origin as browsers send it: scheme, host, optional port, nothing else. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+");

    private static final List<String> JOB_BACKENDS = List.of(JobsConfig.MEMORY, JobsConfig.REDIS);

    /** {@code [jobs]}: the async jobs' store (in this process, or Redis shared by many) and its bounds. */
    private static JobsConfig jobs(TomlSection jobs) throws ConfigException {
        JobsConfig defaults = JobsConfig.DEFAULTS;
        String backend = jobs.string("backend").orElse(defaults.backend());
        if (!JOB_BACKENDS.contains(backend)) {
            throw jobs.problem("backend", "expected one of " + String.join(", ", JOB_BACKENDS) + ", got \"" + backend + "\"");
        }
        String redis = jobs.string("redis").filter(s -> !s.isBlank()).orElse(defaults.redis());
        if (!redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            throw jobs.problem("redis", "expected a Redis URI like \"redis://127.0.0.1:6379\", got \"" + redis + "\"");
        }
        String webhook = jobs.string("webhook").orElse("").strip();
        if (!webhook.isEmpty() && !isHttpUrl(webhook)) {
            throw jobs.problem("webhook", "expected an http:// or https:// URL, or \"\" for none, got \"" + webhook + "\"");
        }
        return new JobsConfig(backend, redis,
                (int) jobs.integer("maxJobs", 1, Integer.MAX_VALUE, defaults.maxJobs()),
                jobs.integer("maxPayload", 1, Long.MAX_VALUE, defaults.maxPayloadBytes()),
                Duration.ofSeconds(jobs.integer("resultTtl", 1, MAX_SECONDS, defaults.resultTtl().toSeconds())),
                Duration.ofMillis(jobs.integer("claimTimeout", 100, MAX_SECONDS * 1000, defaults.claimTimeout().toMillis())),
                (int) jobs.integer("maxAttempts", 1, 1000, defaults.maxAttempts()),
                webhook);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private EngineSpec engine(TomlDocument document, String service, Path baseDir, TomlSection wrapper,
                              TomlSection aiges, TomlSection fc) throws ConfigException {
        TomlSection engine = section(document, "engine");
        Optional<String> fileForm = engine.string("form");
        if (fileForm.isPresent() && !FORMS.contains(fileForm.get())) {
            throw engine.problem("form", "expected one of " + String.join(", ", FORMS) + ", got \""
                    + fileForm.get() + "\"");
        }
        String envForm = env.getOrDefault(PLUGIN_MODE_ENV, "");
        String form;
        if (!envForm.isEmpty()) {
            if (!FORMS.contains(envForm)) {
                throw new ConfigException(PLUGIN_MODE_ENV + "=" + envForm + ": expected one of "
                        + String.join(", ", FORMS) + " (it overrides [engine] form in " + document.name() + ")");
            }
            if (fileForm.isPresent() && !fileForm.get().equals(envForm)) {
                warnings.accept(PLUGIN_MODE_ENV + "=" + envForm + " overrides [engine] form = \""
                        + fileForm.get() + "\" in " + document.name());
            }
            form = envForm;
        } else {
            form = fileForm.orElse(DEFAULT_FORM);
        }
        String artefact = switch (form) {
            case "onnx" -> engine.string("model").filter(s -> !s.isBlank()).orElseThrow(() -> document.problem(
                    "[engine] model: form onnx needs a model: a .onnx file or builtin:mnist"));
            case "c" -> engine.string("library").filter(s -> !s.isBlank()).orElse("libwrapper.so");
            case "python" -> engine.string("wrapper").filter(s -> !s.isBlank()).orElse("wrapper.py");
            default -> engine.string("jar").filter(s -> !s.isBlank()).orElse(null);
        };
        String entryClass = form.equals("java") ? engine.string("class").filter(s -> !s.isBlank()).orElse(null) : null;
        // Checked here so that a wrong value names its line; the onnx form reads it from the loader options.
        engine.integer("maxBatch", 1, Long.MAX_VALUE, 1);
        engine.integer(THREADS_PER_WORKER, 1, 1024, 1);
        // Checked here for the same reason; the fallback is unused (absent, the form keeps its two minutes).
        aiges.integer(ENGINE_START_TIMEOUT, 1, MAX_SECONDS * 1000, 1);
        Map<String, String> options = loaderOptions(engine, aiges);
        Optional<String> devices = devices(engine);
        devices.ifPresent(list -> options.put("devices", list));
        // The python form gives each of the [fc] max workers its share of the cores' threads.
        options.put("instances", Long.toString(fc.integer("max", 1, Integer.MAX_VALUE, DEFAULT_LICENCE)));
        return new EngineSpec(service, form, artefact, entryClass, engineConfig(document, baseDir, wrapper, aiges),
                baseDir, options);
    }

    /**
     * {@code [fc] readyWhen}: {@code "all"} (the default, as the original) makes start-up wait for
     * every one of the {@code max} instances; {@code "first"} serves once one is up.
     */
    private static ReadyWhen readyWhen(TomlSection fc) throws ConfigException {
        Optional<String> word = fc.string("readyWhen");
        if (word.isEmpty()) {
            return ReadyWhen.ALL;
        }
        return ReadyWhen.of(word.get()).orElseThrow(() -> fc.problem("readyWhen",
                "expected \"all\" (start-up waits for every instance) or \"first\" (serve once one is up), got \""
                        + word.get() + "\""));
    }

    /**
     * {@code [engine] devices}: a list of device ids (strings or integers, such as {@code ["0", "1"]}
     * or {@code [0, 1]}), handed to the form as one option with the entries separated by spaces;
     * python workers get one each through {@code CUDA_VISIBLE_DEVICES}.
     */
    private static Optional<String> devices(TomlSection engine) throws ConfigException {
        Optional<JsonNode> list = engine.get("devices");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        String expected = "expected a list of device ids such as [\"0\", \"1\"] (one per worker, round-robin)";
        if (!list.get().isArray() || list.get().isEmpty()) {
            throw engine.problem("devices", expected + ", got " + TomlValues.describe(list.get()));
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode device : list.get()) {
            String id = device.isIntegralNumber() && device.asLong() >= 0 ? device.asText()
                    : device.isTextual() ? device.textValue().strip() : "";
            if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
                throw engine.problem("devices", expected + ", got " + TomlValues.describe(device));
            }
            ids.add(id);
        }
        return Optional.of(String.join(" ", ids));
    }

    private static final List<String> ROUTERS = List.of("sessionManager", "qpsLimiter");

    /**
     * {@code [fc] router}: {@code sessionManager} (the default) bounds load by the licence alone;
     * {@code qpsLimiter} also allows at most {@code max} requests per {@code ttl} ms, as the original.
     */
    private static RateLimitConfig rateLimit(TomlSection fc, int max) throws ConfigException {
        String router = fc.string("router").orElse(ROUTERS.getFirst());
        if (!ROUTERS.contains(router)) {
            throw fc.problem("router", "expected one of " + String.join(", ", ROUTERS) + ", got \"" + router + "\"");
        }
        long ttl = fc.integer("ttl", 1, MAX_SECONDS * 1000, DEFAULT_FC_TTL_MS);
        return router.equals("qpsLimiter") ? new RateLimitConfig(max, Duration.ofMillis(ttl)) : RateLimitConfig.NONE;
    }

    /** The default batch delay: short next to a model call, long enough for a busy service's requests to meet. */
    static final String DEFAULT_BATCH_DELAY = "1ms";
    /** A batch of more requests than this is no longer a batch but a backlog. */
    private static final int MAX_BATCH_SIZE = 4096;

    /**
     * {@code [batching]}: off unless {@code maxBatchSize} is above 1; the delay is a string with a
     * unit ({@code "500us"}, {@code "2ms"}, {@link Durations}) or a number of microseconds; the queue defaults to
     * {@code [fc] queue} and {@code [fc] queueTimeout}.
     */
    private static BatchConfig batching(TomlSection batching, PoolConfig pool) throws ConfigException {
        int max = (int) batching.integer("maxBatchSize", 1, MAX_BATCH_SIZE, 1);
        Duration delay;
        Optional<JsonNode> delayValue = batching.get("maxBatchDelay");
        if (delayValue.isEmpty()) {
            delay = batchDelay(DEFAULT_BATCH_DELAY);
        } else if (delayValue.get().isIntegralNumber()) {
            delay = Duration.of(batching.integer("maxBatchDelay", 0, MAX_SECONDS * 1_000_000, 0), ChronoUnit.MICROS);
        } else {
            try {
                delay = batchDelay(batching.string("maxBatchDelay").orElseThrow());
            } catch (IllegalArgumentException e) {
                throw batching.problem("maxBatchDelay", e.getMessage());
            }
        }
        List<Integer> preferred = new ArrayList<>();
        Optional<JsonNode> sizes = batching.get("preferredBatchSizes");
        if (sizes.isPresent()) {
            if (!sizes.get().isArray()) {
                throw batching.problem("preferredBatchSizes", "expected a list of sizes such as [8, 16, 32], got "
                        + TomlValues.describe(sizes.get()));
            }
            for (JsonNode size : sizes.get()) {
                if (!size.isIntegralNumber() || size.asLong() < 1 || size.asLong() > max) {
                    throw batching.problem("preferredBatchSizes", "expected sizes from 1 to maxBatchSize (" + max
                            + "), got " + TomlValues.describe(size));
                }
                preferred.add(size.asInt());
            }
        }
        int queue = (int) batching.integer("queueSize", 1, Integer.MAX_VALUE, Math.max(1, pool.queueSize()));
        Duration queueTimeout = Duration.ofMillis(batching.integer("queueTimeout", 1, MAX_SECONDS * 1000,
                Math.max(1, pool.queueTimeout().toMillis())));
        return new BatchConfig(max, delay, preferred, queue, queueTimeout);
    }

    /** {@code maxBatchDelay} as text: a bare number is microseconds, as Triton's {@code max_queue_delay_microseconds}. */
    private static Duration batchDelay(String text) {
        return Durations.parse(text, ChronoUnit.MICROS, "a delay such as \"500us\", \"2ms\" or \"1s\"");
    }

    private static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");

    /** {@code [log]}: the level, the file (relative to the config's folder) rolled by size, the line format. */
    private static LogConfig log(TomlSection log, Path baseDir) throws ConfigException {
        String level = log.string("level").orElse("info").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw log.problem("level", "expected one of " + String.join(", ", LOG_LEVELS) + ", got \"" + level + "\"");
        }
        Path file = log.string("file").filter(f -> !f.isBlank()).map(f -> baseDir.resolve(f).normalize()).orElse(null);
        String format = log.string("format").orElse("text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw log.problem("format", "expected \"text\" or \"json\", got \"" + format + "\"");
        }
        return new LogConfig(level, file, (int) log.integer("size", 1, 100_000, 3), (int) log.integer("count", 1, 1000, 3),
                format.equals("json"));
    }

    /** How long (ms) a python worker may take to import its wrapper, and then to init; the form reads it. */
    private static final String ENGINE_START_TIMEOUT = "engineStartTimeout";
    private static final String THREADS_PER_WORKER = "threadsPerWorker";

    /** Keys of {@code [aiges]} that say how the loader drives an engine, passed to every form. */
    private static final List<String> MODE_KEYS = List.of("asyncMode", "realTimeRlt", "sessMode", "pythonPluginCmd",
            ENGINE_START_TIMEOUT);

    /**
     * What the engine form needs besides its artefact: the {@code [aiges]} call modes, and every
     * {@code [engine]} key that is not the form or an artefact (for example {@code isolate}).
     */
    private static Map<String, String> loaderOptions(TomlSection engine, TomlSection aiges) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : MODE_KEYS) {
            aiges.get(key).ifPresent(value -> options.put(key, TomlValues.plain(value)));
        }
        engine.node().properties().forEach(e -> {
            if (!ENGINE_ARTEFACT_KEYS.contains(e.getKey())) {
                putOption(options, e.getKey(), e.getValue());
            }
        });
        return options;
    }

    /**
     * One option; a table becomes one option per leaf, with a dotted name ({@code [engine.inputs.text]
     * type = "text"} is {@code inputs.text.type}), so engine forms read declarations such as the C
     * form's inputs, outputs and resources without parsing anything.
     */
    private static void putOption(Map<String, String> options, String name, JsonNode value) {
        if (value.isObject()) {
            value.properties().forEach(e -> putOption(options, name + "." + e.getKey(), e.getValue()));
        } else {
            options.put(name, TomlValues.plain(value));
        }
    }

    private static final Set<String> ENGINE_ARTEFACT_KEYS = Set.of("form", "model", "library", "wrapper", "jar", "class");

    /** The strings given to the engine's init: {@code [wrapper]}, or the usrCfg file flattened, as the original. */
    private static Map<String, String> engineConfig(TomlDocument document, Path baseDir, TomlSection wrapper,
                                                    TomlSection aiges) throws ConfigException {
        Optional<String> usrCfg = aiges.string("usrCfg").filter(s -> !s.isBlank());
        Map<String, String> config = new LinkedHashMap<>();
        if (usrCfg.isEmpty()) {
            wrapper.node().properties().forEach(e -> config.put(e.getKey(), TomlValues.plain(e.getValue())));
            return config;
        }
        Path file = baseDir.resolve(usrCfg.get());
        if (!Files.isRegularFile(file)) {
            throw aiges.problem("usrCfg", "no such file: " + file);
        }
        TomlDocument user = TomlDocument.read(file, usrCfg.get());
        for (Map.Entry<String, JsonNode> top : user.root().properties()) {
            if (top.getValue().isObject()) {
                top.getValue().properties().forEach(e ->
                        config.put(top.getKey() + "." + e.getKey(), TomlValues.plain(e.getValue())));
            } else {
                config.put(top.getKey(), TomlValues.plain(top.getValue()));
            }
        }
        return config;
    }

    /** {@code [wrapper] http_listen}, else {@code [<service>] http_listen} (the original's sample puts it there), else the default. */
    private static ListenAddress listen(TomlSection service, TomlSection wrapper) throws ConfigException {
        TomlSection from = wrapper.get("http_listen").isPresent() ? wrapper : service;
        Optional<String> text = from.string("http_listen");
        if (text.isEmpty()) {
            return ListenAddress.parse(DEFAULT_LISTEN);
        }
        try {
            return ListenAddress.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw from.problem("http_listen", e.getMessage() + "; got \"" + text.get() + "\"");
        }
    }

    /** A section, or an empty one when the file has none (every key then takes its default). */
    private static TomlSection section(TomlDocument document, String name) throws ConfigException {
        return document.section(name).orElseGet(() -> new TomlSection(document, name,
                JsonNodeFactory.instance.objectNode()));
    }

    private static ConfigException missingService(TomlDocument document, String service) {
        List<String> tables = document.tableNames();
        String present = tables.isEmpty() ? "it has none" : "sections present: " + String.join(", ", tables);
        return document.problem("no [" + service + "] section for service \"" + service + "\" (-s "
                + service + "); " + present);
    }

    private void warnUnknownKeys(TomlDocument document) throws ConfigException {
        for (String name : document.tableNames()) {
            Optional<Set<String>> known = KnownKeys.of(name);
            if (known.isEmpty()) {
                continue;
            }
            TomlSection section = section(document, name);
            for (String key : section.keys()) {
                if (!known.get().contains(key)) {
                    String hint = KnownKeys.closest(known.get(), key).map(k -> " (did you mean " + k + "?)").orElse("");
                    warnings.accept(section.warning(key, "unknown key, ignored" + hint));
                }
            }
        }
    }
}
