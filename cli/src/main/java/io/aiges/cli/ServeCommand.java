package io.aiges.cli;

import io.aiges.cli.config.ConfigLoader;
import io.aiges.cli.config.DefaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code aiges serve}: the same as {@code -m 0}. */
@Command(name = "serve", description = "Serve a service of aiges.toml (the same as -m 0).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DefaultConfig.FILE_NAME,
            description = "The configuration file (default: ${DEFAULT-VALUE}; written first when missing).")
    private String config;

    @Option(names = {"-s", "--service"}, paramLabel = "NAME", defaultValue = ConfigLoader.DEFAULT_SERVICE,
            description = "The service: its section in the file and its route /v1/NAME (default: ${DEFAULT-VALUE}).")
    private String service;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    private final CliContext context;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return Serving.serveFile(context, config, service);
    }
}
