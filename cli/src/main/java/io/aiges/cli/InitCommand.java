package io.aiges.cli;

import io.aiges.config.ConfigLoader;
import io.aiges.config.DefaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code aiges init} and {@code -init}: writes the default aiges.toml here, never over an existing one. */
@Command(name = "init", description = "Write a default aiges.toml into this folder (never over an existing one).")
final class InitCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    private final CliContext context;

    InitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path file = context.cwd().resolve(DefaultConfig.FILE_NAME);
        try {
            if (DefaultConfig.writeIfAbsent(file, context.env().getOrDefault(ConfigLoader.PLUGIN_MODE_ENV, ""))) {
                context.out().println("aiges: wrote " + file + "; serve it with: aiges -m 0 -c "
                        + DefaultConfig.FILE_NAME + " -s svcName");
            } else {
                context.out().println("aiges: " + file + " already exists; left as it is");
            }
            context.out().flush();
            return 0;
        } catch (IOException e) {
            context.say("cannot write " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
