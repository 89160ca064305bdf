package io.aiges.cli;

import io.aiges.api.EngineSpec;
import io.aiges.cli.config.ConfigException;
import io.aiges.cli.config.ConfigLoader;
import io.aiges.cli.config.DefaultConfig;
import io.aiges.engine.config.AigesConfig;
import io.aiges.server.AigesServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
                if (DefaultConfig.writeIfAbsent(file)) {
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

    /** Starts the server, says where it listens, and blocks until the JVM is asked to stop. */
    static int serve(CliContext context, AigesConfig config) {
        String name = config.service().name();
        try {
            LogSetup.apply(config.log());
        } catch (IOException e) {
            context.say("cannot open the log file " + config.log().file() + ": " + e.getMessage());
            return 1;
        }
        AigesServer server;
        try {
            server = AigesServer.start(config);
        } catch (RuntimeException | LinkageError e) {
            context.say("cannot start " + name + ": " + reason(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(context, server, config.drainTimeout()), "aiges-stop"));
        context.out().println("aiges: serving " + name + " (" + describe(config.service().engine()) + ") on http://"
                + hostForUrl(config.http().host()) + ":" + server.httpPort() + "  (POST /v1/" + name + ")");
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
