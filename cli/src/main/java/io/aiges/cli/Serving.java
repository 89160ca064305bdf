package io.aiges.cli;

import io.aiges.api.EngineSpec;
import io.aiges.config.ConfigException;
import io.aiges.config.ConfigLoader;
import io.aiges.config.DefaultConfig;
import io.aiges.config.AigesConfig;
import io.aiges.engine.service.Service;
import io.aiges.server.AigesServer;
import io.aiges.server.ServedModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a server until the process is asked to stop: what {@code -m 0}, {@code serve} and
 * {@code demo} share. Exit codes: 1 when the configuration is wrong or the server cannot start;
 * 0 after SIGTERM or SIGINT.
 */
final class Serving {

    private Serving() {
    }

    /**
     * Serves {@code service} from the file {@code config} (relative to the working folder). When the
     * default {@code aiges.toml} is meant and missing, it is written first, as the original does.
     */
    static int serveFile(CliContext context, String config, String service) {
        Path file = context.cwd().resolve(config).normalize();
        if (file.equals(context.cwd().resolve(DefaultConfig.FILE_NAME)) && !Files.exists(file)) {
            try {
                if (DefaultConfig.writeIfAbsent(file, context.env().getOrDefault(ConfigLoader.PLUGIN_MODE_ENV, ""))) {
                    context.say("no " + config + " here: wrote the default one (it serves the MNIST demo)");
                }
            } catch (IOException e) {
                context.say("cannot write " + file + ": " + e.getMessage());
                return 1;
            }
        }
        AigesConfig loaded;
        try {
            loaded = new ConfigLoader(context.env(), warning -> context.say("warning: " + warning))
                    .load(file, config, service);
        } catch (ConfigException e) {
            context.say(e.getMessage());
            return 1;
        }
        return serve(context, loaded);
    }

    /**
     * Serves every model of {@code repository}; the file {@code config}, when it exists, gives the
     * listeners and each model's pool and timeouts (its own service is not served), else the
     * defaults of the file {@code aiges -init} writes do. Nothing is written.
     */
    static int serveRepository(CliContext context, String config, String service, Path repository, boolean control) {
        Path folder = context.cwd().resolve(repository).normalize();
        if (!Files.isDirectory(folder)) {
            context.say("--model-repository " + repository + ": no such folder");
            return 1;
        }
        Path file = context.cwd().resolve(config).normalize();
        AigesConfig loaded;
        try {
            ConfigLoader loader = new ConfigLoader(context.env(), warning -> context.say("warning: " + warning));
            loaded = Files.exists(file) ? loader.load(file, config, service)
                    : loader.parse(DefaultConfig.text(), DefaultConfig.FILE_NAME, context.cwd(), service);
        } catch (ConfigException e) {
            context.say(e.getMessage());
            return 1;
        }
        return serve(context, loaded, new ServedModels(List.of(), folder, control));
    }

    /** Starts the server, says where it listens, and blocks until the JVM is asked to stop. */
    static int serve(CliContext context, AigesConfig config) {
        return serve(context, config, ServedModels.of(config));
    }

    /** Serves {@code models} with the listeners of {@code config}; blocks until the JVM is asked to stop. */
    static int serve(CliContext context, AigesConfig config, ServedModels models) {
        String name = models.repository() != null ? "the model repository " + models.repository()
                : config.service().name();
        try {
            LogSetup.apply(config.log());
        } catch (IOException e) {
            context.say("cannot open the log file " + config.log().file() + ": " + e.getMessage());
            return 1;
        }
        AigesServer server;
        try {
            server = AigesServer.start(config, models);
        } catch (RuntimeException | LinkageError e) {
            context.say("cannot start " + name + ": " + reason(e));
            return 1;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(context, server, config.drainTimeout()), "aiges-stop"));
        } catch (IllegalStateException stopping) {
            // Asked to stop (SIGTERM) between the listeners opening and now: nothing is admitted yet.
            server.close();
            context.say("stopped");
            return 0;
        }
        String base = (config.tls().enabled() ? "https://" : "http://") + hostForUrl(config.http().host()) + ":"
                + server.httpPort();
        for (Service service : server.services().all()) {
            context.out().println("aiges: serving " + service.name() + " (" + describe(service.config().engine())
                    + ") on " + base + "  (POST /v1/" + service.name() + ", POST /v2/models/" + service.name() + "/infer)");
        }
        if (models.repository() != null && server.services().all().isEmpty()) {
            context.out().println("aiges: the model repository " + models.repository() + " has no model yet; serving"
                    + " the Open Inference Protocol on " + base + "/v2");
        }
        context.out().flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return 0;
    }

    /**
     * Closes the server, then ends the JVM with status 0: a stop asked for by SIGTERM or SIGINT is
     * a clean stop, while the JVM would otherwise report 128 + the signal number.
     */
    private static void stop(CliContext context, AigesServer server, Duration drainTimeout) {
        try {
            context.say("stopping: draining for up to " + drainTimeout.toMillis() + " ms");
            server.shutdown(drainTimeout);
            context.say("stopped");
        } catch (RuntimeException e) {
            context.say("error while stopping: " + reason(e));
            LogSetup.flush();
            Runtime.getRuntime().halt(1);
        }
        // halt skips the other shutdown hooks, Logback's among them: write out queued lines first.
        LogSetup.flush();
        Runtime.getRuntime().halt(0);
    }

    private static String describe(EngineSpec engine) {
        StringJoiner what = new StringJoiner(" ");
        what.add(engine.form());
        if (engine.artefact() != null && !engine.artefact().isBlank()) {
            what.add(engine.artefact());
        }
        if (engine.entryClass() != null && !engine.entryClass().isBlank()) {
            what.add(engine.entryClass());
        }
        return what.toString();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            if (cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
                reason.append(": ").append(cause.getMessage());
            }
        }
        return reason.toString();
    }
}
