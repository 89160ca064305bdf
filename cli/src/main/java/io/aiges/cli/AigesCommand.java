package io.aiges.cli;

import io.aiges.config.ConfigLoader;
import io.aiges.config.DefaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * The {@code aiges} command with the original {@code AIservice} flags, single-dash as Go writes
 * them: {@code aiges -m 0 -c aiges.toml -s svcName} serves, {@code aiges -init} writes the default
 * file, {@code aiges -v} prints the version. Config-centre flags are accepted and ignored.
 */
@Command(name = "aiges", sortOptions = false,
        customSynopsis = {
                "aiges -m 0 [-c aiges.toml] [-s svcName]  serve a service of aiges.toml",
                "       aiges -init                             write a default aiges.toml here",
                "       aiges -v                                print the version",
                "       aiges COMMAND [OPTIONS]                 the same as commands; the demo"},
        description = {"",
                "aiges serves AI engines (a C libwrapper.so, a Python wrapper.py, a Java",
                "class, an ONNX model) over HTTP, configured as the original AIservice.", ""},
        optionListHeading = "Flags of the original AIservice (-m 0, -m=0 and --m 0 all work):%n",
        commandListHeading = "%nCommands (each has -h):%n",
        footer = {"",
                "Try it: run `aiges demo`, then POST the original's example request",
                "(an image of a digit) to http://127.0.0.1:1888/v1/svcName.",
                "AIGES_PLUGIN_MODE=c|python|java|onnx overrides [engine] form of aiges.toml."})
final class AigesCommand implements Callable<Integer> {

    @Option(names = "-m", paramLabel = "MODE",
            description = "Configuration mode: 0 = local aiges.toml and serve. (1 and 2, the config centre, are not supported.)")
    private Integer mode;

    @Option(names = "-c", paramLabel = "FILE", defaultValue = DefaultConfig.FILE_NAME,
            description = "Configuration file, with -m 0 (default: ${DEFAULT-VALUE}; written first when missing).")
    private String config;

    @Option(names = "-s", paramLabel = "NAME", defaultValue = ConfigLoader.DEFAULT_SERVICE,
            description = "Service name: its section in the file and its route /v1/NAME (default: ${DEFAULT-VALUE}).")
    private String service;

    @Option(names = "-init",
            description = "Write a default aiges.toml into this folder (never over an existing one), then exit.")
    private boolean init;

    @Option(names = "-v", description = "Print the version, then exit.")
    private boolean version;

    @Option(names = "-mnist",
            description = "Write the Python MNIST demo project into ./aiges_demo/mnist (numpy, no PyTorch), then exit.")
    private boolean mnist;

    @Option(names = "-dc", paramLabel = "NAME", description = "Config centre: default config name (ignored).")
    private String defaultConfigName;

    @Option(names = "-p", paramLabel = "PROJECT", description = "Config centre: project (ignored).")
    private String project;

    @Option(names = "-g", paramLabel = "GROUP", description = "Config centre: group (ignored).")
    private String group;

    @Option(names = "-u", paramLabel = "URL", description = "Config centre: companion URL (ignored).")
    private String companionUrl;

    @Option(names = {"-h", "-help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    private final CliContext context;

    AigesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        warnIgnored("-dc", defaultConfigName);
        warnIgnored("-p", project);
        warnIgnored("-g", group);
        warnIgnored("-u", companionUrl);
        if (init) {
            return new InitCommand(context).call();
        }
        if (mnist) {
            return new MnistCommand(context).call();
        }
        if (version) {
            return new VersionCommand(context).call();
        }
        if (mode == null) {
            context.say("nothing to do: add -m 0 to serve " + config + " (or run `aiges serve`); `aiges -h` lists the flags");
            return 2;
        }
        return switch (mode) {
            case 0 -> Serving.serveFile(context, config, service);
            case 1, 2 -> {
                context.say("-m " + mode + " (the config centre) is not supported, use -m 0 with a local "
                        + DefaultConfig.FILE_NAME);
                yield 2;
            }
            default -> {
                context.say("-m " + mode + ": expected 0 (local " + DefaultConfig.FILE_NAME + ")");
                yield 2;
            }
        };
    }

    private void warnIgnored(String flag, String value) {
        if (value != null) {
            context.say("warning: " + flag + " " + value + " ignored: aiges has no config centre; it reads "
                    + DefaultConfig.FILE_NAME);
        }
    }
}
