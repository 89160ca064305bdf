package io.aiges.jobs.redis;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.jobs.Job;
import io.aiges.engine.jobs.JobLimits;
import io.aiges.engine.jobs.JobQueue;
import io.aiges.engine.jobs.JobState;
import io.aiges.engine.jobs.JobsConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Jobs on Redis Streams, shared by every aiges process that points at the same Redis: a stream
 * per service, one consumer group ({@value #GROUP}) that all processes join, each process a
 * consumer of its own name. A job whose process died stays pending in the group; after
 * {@code [jobs] claimTimeout} another process takes it over with {@code XAUTOCLAIM} and runs it
 * again. While a job runs, its process keeps claiming it afresh (a heartbeat), so a slow engine
 * call is not mistaken for a dead process. Answers are recorded by a script that lets only the
 * first one in, so a job is answered once however often it ran; a job taken
 * {@code maxAttempts} times without an answer goes to the dead-letter stream, failed.
 */
final class RedisJobQueue implements JobQueue {
    private static final Logger log = LoggerFactory.getLogger(RedisJobQueue.class);

    static final String GROUP = "aiges";
    private static final String PREFIX = "aiges:";
    private static final int DEAD_LETTERS_KEPT = 10_000;
    /** Longest a Redis command may take (a blocking read waits at most a worker's poll, far less). */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final JobsConfig config;
    private final RedisClient client;
    /** For everything that does not block; Lettuce shares one connection among threads safely. */
    private final StatefulRedisConnection<String, byte[]> shared;
    /** One per worker thread: a blocking XREADGROUP holds its connection until it returns. */
    private final ThreadLocal<StatefulRedisConnection<String, byte[]>> blocking;
    private final ConcurrentLinkedQueue<StatefulRedisConnection<String, byte[]>> blockingAll = new ConcurrentLinkedQueue<>();
    /** When each worker thread last looked for jobs abandoned by dead processes. */
    private final ThreadLocal<long[]> lastReclaim = ThreadLocal.withInitial(() -> new long[]{0});
    private final Set<String> groupsMade = ConcurrentHashMap.newKeySet();
    /** Entries this process is running, by stream: the heartbeat keeps them claimed. */
    private final Map<String, Set<String>> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("aiges-jobs-heartbeat").daemon(true).factory());
    private final Consumer<String> me;

    private RedisJobQueue(JobsConfig config, RedisClient client, StatefulRedisConnection<String, byte[]> shared) {
        this.config = config;
        this.client = client;
        this.shared = shared;
        this.me = Consumer.from(GROUP, consumerName());
        this.blocking = ThreadLocal.withInitial(() -> {
            StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
            blockingAll.add(connection);
            return connection;
        });
        long beat = Math.max(100, config.claimTimeout().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    static RedisJobQueue open(JobsConfig config) {
        RedisClient client;
        try {
            client = RedisClient.create(RedisURI.create(config.redis()));
            // A Redis that is down is an error now (503, retry), not a request held until it is back.
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .build());
        } catch (IllegalArgumentException e) {
            throw AigesError.JOB_STORE_UNAVAILABLE.exception("[jobs] redis = \"" + config.redis()
                    + "\" is not a Redis URI (redis://host:port): " + e.getMessage());
        }
        try {
            StatefulRedisConnection<String, byte[]> shared = client.connect(CODEC);
            RedisJobQueue queue = new RedisJobQueue(config, client, shared);
            log.info("jobs on Redis {} as consumer {} of group {}", config.redis(), queue.me.getName(), GROUP);
            return queue;
        } catch (RuntimeException e) {
            client.shutdown();
            throw AigesError.JOB_STORE_UNAVAILABLE.exception("[jobs] redis = \"" + config.redis()
                    + "\": cannot connect: " + e.getMessage());
        }
    }

    /** Unique per process, readable in {@code XINFO CONSUMERS}: host, pid, and a random part for restarts. */
    private static String consumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public String backend() {
        return JobsConfig.REDIS;
    }

    static String stream(String service) {
        return PREFIX + "jobs:" + service;
    }

    static String deadLetters(String service) {
        return stream(service) + ":dead";
    }

    static String hash(String id) {
        return PREFIX + "job:" + id;
    }

    @Override
    public Job submit(String service, byte[] request) {
        JobLimits.checkPayload(request, config);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        long queued = store(() -> {
            ensureGroup(service);
            return shared.sync().<Long>eval(JobScripts.SUBMIT, ScriptOutputType.INTEGER,
                    new String[]{stream(service), hash(id)}, bytes(id), request, bytes(service),
                    bytes(Long.toString(now.toEpochMilli())), bytes(Integer.toString(config.maxJobs())));
        });
        if (queued == 0) {
            throw AigesError.JOB_QUEUE_FULL.exception(config.maxJobs() + " jobs of service " + service
                    + " are waiting or running ([jobs] maxJobs); retry later");
        }
        return Job.queued(id, service, request, Instant.ofEpochMilli(now.toEpochMilli()));
    }

    @Override
    public Optional<Job> find(String id) {
        Map<String, byte[]> fields = store(() -> shared.sync().hgetall(hash(id)));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        JobState state = JobState.fromWire(text(fields, "state"));
        return Optional.of(new Job(id, text(fields, "service"), null, state, instant(fields, "submitted"),
                instant(fields, "started"), instant(fields, "finished"), (int) number(fields, "attempts"),
                (int) number(fields, "code"), state.isFinal() ? text(fields, "message") : null,
                state == JobState.DONE ? fields.get("answer") : null, null));
    }

    @Override
    public Optional<Job> take(String service, Duration wait) {
        ensureGroup(service);
        RedisCommands<String, byte[]> redis = blocking.get().sync();
        String stream = stream(service);
        List<StreamMessage<String, byte[]>> messages = List.of();
        long[] last = lastReclaim.get();
        long now = System.currentTimeMillis();
        if (now - last[0] >= config.claimTimeout().toMillis() / 4) {
            last[0] = now;
            messages = redis.xautoclaim(stream, XAutoClaimArgs.Builder.xautoclaim(me, config.claimTimeout(), "0-0")
                    .count(1)).getMessages();
            if (!messages.isEmpty()) {
                log.info("service {}: took over job entry {} from a process that stopped answering", service,
                        messages.getFirst().getId());
            }
        }
        if (messages.isEmpty()) {
            try {
                messages = redis.xreadgroup(me, XReadArgs.Builder.block(wait).count(1),
                        XReadArgs.StreamOffset.lastConsumed(stream));
            } catch (RedisCommandExecutionException e) {
                if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    // The stream or group was deleted (a flushed Redis): make them again next time.
                    groupsMade.remove(service);
                }
                throw e;
            }
        }
        if (messages == null || messages.isEmpty() || messages.getFirst().getBody() == null
                || !messages.getFirst().getBody().containsKey("id")) {
            return Optional.empty();
        }
        return start(service, messages.getFirst());
    }

    private Optional<Job> start(String service, StreamMessage<String, byte[]> message) {
        Map<String, byte[]> body = message.getBody();
        String id = new String(body.get("id"), StandardCharsets.UTF_8);
        byte[] request = body.get("request");
        Instant now = Instant.now();
        Instant submitted = instant(body, "submitted");
        long attempts = shared.sync().<Long>eval(JobScripts.START, ScriptOutputType.INTEGER,
                new String[]{hash(id), stream(service), deadLetters(service)},
                bytes(GROUP), bytes(message.getId()), bytes(Long.toString(now.toEpochMilli())),
                bytes(Integer.toString(config.maxAttempts())), bytes(Long.toString(config.resultTtl().toMillis())),
                bytes("job " + id + " was taken " + config.maxAttempts() + " times without an answer ([jobs] maxAttempts); "),
                bytes("its process died or did not answer within [jobs] claimTimeout = " + config.claimTimeout().toMillis() + " ms"),
                bytes(id), request, bytes(Integer.toString(DEAD_LETTERS_KEPT)));
        if (attempts == -1) {
            return Optional.empty();
        }
        if (attempts == -2) {
            log.warn("service {}: job {} moved to the dead letters ({})", service, id, deadLetters(service));
            return find(id);
        }
        running.computeIfAbsent(stream(service), s -> ConcurrentHashMap.newKeySet()).add(message.getId());
        return Optional.of(new Job(id, service, request, JobState.RUNNING, submitted == null ? now : submitted, now, null,
                (int) attempts, 0, null, null, message.getId()));
    }

    @Override
    public Optional<Job> finish(Job job, int code, String message, byte[] answer) {
        Instant now = Instant.now();
        long recorded;
        try {
            recorded = store(() -> shared.sync().<Long>eval(JobScripts.FINISH, ScriptOutputType.INTEGER,
                    new String[]{hash(job.id()), stream(job.service())}, bytes(GROUP), bytes(job.delivery()),
                    bytes(Long.toString(now.toEpochMilli())), bytes(Integer.toString(code)), bytes(message),
                    answer == null ? new byte[0] : answer, bytes(Long.toString(config.resultTtl().toMillis()))));
        } finally {
            // Even when Redis did not take the answer: without the heartbeat the job is taken over and runs again.
            forget(job);
        }
        return recorded == 1 ? Optional.of(job.finished(now, code, message, answer)) : Optional.empty();
    }

    @Override
    public void retry(Job job, int code, String message) {
        try {
            store(() -> shared.sync().<Long>eval(JobScripts.RETRY, ScriptOutputType.INTEGER,
                    new String[]{hash(job.id()), stream(job.service())}, bytes(GROUP), bytes(job.delivery()), bytes(job.id()),
                    job.request(), bytes(Long.toString(job.submitted().toEpochMilli())), bytes(Integer.toString(code)),
                    bytes(message)));
        } finally {
            forget(job);
        }
    }

    @Override
    public long pending(String service) {
        return store(() -> shared.sync().xlen(stream(service)));
    }

    private void forget(Job job) {
        Set<String> entries = running.get(stream(job.service()));
        if (entries != null) {
            entries.remove(job.delivery());
        }
    }

    /** Claims every entry this process runs afresh, so their idle time stays below the claim timeout. */
    private void beat() {
        try {
            running.forEach((stream, entries) -> {
                if (!entries.isEmpty()) {
                    shared.sync().xclaim(stream, me, new XClaimArgs().justid(), entries.toArray(String[]::new));
                }
            });
        } catch (RuntimeException e) {
            log.warn("jobs heartbeat failed: {}", e.toString());
        }
    }

    private void ensureGroup(String service) {
        if (groupsMade.contains(service)) {
            return;
        }
        try {
            shared.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream(service), "0"), GROUP,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException alreadyThere) {
            // Another process made it first: that is the point of one shared group.
        }
        groupsMade.add(service);
    }

    private interface Call<T> {
        T run();
    }

    /** A store call; a Redis that cannot be reached is "unavailable" (HTTP 503), retryable. */
    private <T> T store(Call<T> call) {
        try {
            return call.run();
        } catch (AigesException e) {
            throw e;
        } catch (RedisException e) {
            throw AigesError.JOB_STORE_UNAVAILABLE.exception("the job store at " + config.redis()
                    + " did not answer: " + e.getMessage());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static long number(Map<String, byte[]> fields, String name) {
        String value = text(fields, name);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static Instant instant(Map<String, byte[]> fields, String name) {
        String value = text(fields, name);
        return value == null || value.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        blockingAll.forEach(StatefulRedisConnection::close);
        shared.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
