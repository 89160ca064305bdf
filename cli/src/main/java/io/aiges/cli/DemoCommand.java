package io.aiges.cli;

import io.aiges.cli.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code aiges demo}: the embedded MNIST model as service svcName, with no file at all. */
@Command(name = "demo", description = {
        "Serve the built-in MNIST model as service svcName, with no configuration file.",
        "Send it the original's example request: POST /v1/svcName with an image of a digit."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on: 127.0.0.1 (this machine, the default) or 0.0.0.0 (everyone).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "1888",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(names = "--grpc-port", paramLabel = "PORT", defaultValue = "5090",
            description = "gRPC port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int grpcPort;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final CliContext context;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: expected 0 to 65535, got " + port);
        }
        if (grpcPort < 0 || grpcPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--grpc-port: expected 0 to 65535, got " + grpcPort);
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new ParameterException(spec.commandLine(), "--host: expected an address such as 127.0.0.1, got \""
                    + host + "\"");
        }
        return Serving.serve(context, ConfigLoader.demoDefaults(host, port, grpcPort));
    }
}
