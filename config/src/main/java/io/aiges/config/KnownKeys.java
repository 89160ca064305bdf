package io.aiges.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys aiges knows in each section it knows: those of the original's default file and code,
 * and aiges's own. Anything else in these sections is most likely a typo, worth a warning.
 * {@code [wrapper]} is free-form and the service's own section belongs to the user, so neither
 * is listed.
 */
final class KnownKeys {

    private static final Map<String, Set<String>> SECTIONS = Map.ofEntries(
            Map.entry("engine", Set.of("form", "model", "library", "wrapper", "jar", "class", "isolate",
                    "inputs", "outputs", "params", "resources", "maxBatch", "devices", "device", "threadsPerWorker")),
            Map.entry("aiges", Set.of("gesMock", "sessMode", "numaNode", "realTimeRlt", "usrCfg", "sub",
                    "asyncMode", "pythonPluginCmd", "sessDelGt", "httpRetry", "gray", "wrapperTrace",
                    "headerPass", "wrapperDelayDetectPeriod", "storageData", "asyncRelease",
                    "requestTimeout", "maxBodySize", "drainTimeout", "httpEventLoops", "httpIdleTimeout",
                    "maxConnections", "bodyTimeout", "bodyBudget", "grpcReflection", "engineStartTimeout")),
            Map.entry("http", Set.of("corsOrigins")),
            Map.entry("ws", Set.of("readTimeout", "sessionTimeout", "maxQueuedBytes")),
            Map.entry("batching", Set.of("maxBatchSize", "maxBatchDelay", "preferredBatchSizes", "queueSize",
                    "queueTimeout")),
            Map.entry("auth", Set.of("meterWrapperCtrl", "meterCtrl", "janusCtrl", "mode", "keysFile", "openMetrics")),
            Map.entry("tls", Set.of("cert", "key", "clientCa")),
            Map.entry("repository", Set.of("followSymlinks")),
            Map.entry("resource", Set.of("able")),
            Map.entry("elog", Set.of("elogRemote", "elogLocal", "elogConsumer", "elogHost", "elogPort",
                    "elogXml", "elogSpill", "elogS3ak", "elogS3sk", "elogS3ep", "elogZkhost")),
            Map.entry("log", Set.of("level", "file", "size", "count", "die", "async", "format")),
            Map.entry("lbv2", Set.of("lbname", "able", "sub", "subsvc", "apiversion", "conn-timeout",
                    "conn-pool-size", "lb-mode", "lb-retry", "taddrs")),
            Map.entry("fc", Set.of("able", "router", "max", "ttl", "best", "roll", "strategy", "tasksize",
                    "taskchsize", "queue", "queueTimeout", "maxSessionsPerClient", "maxRequestsPerClient", "readyWhen")),
            Map.entry("trace", Set.of("host", "port", "able", "deliver", "dump", "backend", "buffer",
                    "bcluster", "idc", "loadts")),
            Map.entry("sonar", Set.of("able")),
            Map.entry("pprof", Set.of("able", "host", "port", "svcName", "proxyAddr")),
            Map.entry("jobs", Set.of("backend", "redis", "maxJobs", "maxPayload", "resultTtl", "claimTimeout",
                    "maxAttempts", "webhook")),
            Map.entry("downAsync", Set.of("rabHost", "rabUser", "rabPass", "rabQueue", "retry", "nrtDBUrl")),
            Map.entry("dataProcess", Set.of("rsable")));

    private KnownKeys() {
    }

    /** The keys of a section aiges knows, or empty for sections it does not check. */
    static Optional<Set<String>> of(String section) {
        return Optional.ofNullable(SECTIONS.get(section));
    }

    /** The known key {@code unknown} was probably meant to be, if one is close enough. */
    static Optional<String> closest(Set<String> known, String unknown) {
        String lower = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = candidate.toLowerCase(Locale.ROOT).equals(lower) ? 0 : distance(candidate, unknown);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
