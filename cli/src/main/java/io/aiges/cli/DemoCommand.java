package io.aiges.cli;

import io.aiges.api.EngineSpec;
import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.server.ServedModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code aiges demo}: the embedded MNIST model as service svcName (pictures in, the digit as JSON
 * out), and the same model file as Open Inference Protocol model {@code mnist} (a 1x1x28x28 FP32
 * tensor in, the ten digits' scores out), with no file at all.
 */
@Command(name = "demo", description = {
        "Serve the built-in MNIST model as service svcName, with no configuration file.",
        "Send it the original's example request: POST /v1/svcName with an image of a digit.",
        "The same model takes tensors as model mnist: POST /v2/models/mnist/infer (or gRPC)."})
final class DemoCommand implements Callable<Integer> {
    /** The OIP model name of the demo's model file. */
    static final String MNIST_MODEL = "mnist";

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
        AigesConfig config = ConfigLoader.demoDefaults(host, port, grpcPort);
        return Serving.serve(context, config, models(config));
    }

    /** The demo service svcName, and model mnist beside it. */
    static ServedModels models(AigesConfig demo) {
        return new ServedModels(List.of(demo.service(), mnistModel(demo.service())), null, false);
    }

    /** The demo's model file through the generic ONNX engine, with the demo service's pool and timeouts. */
    private static ServiceConfig mnistModel(ServiceConfig demo) {
        EngineSpec engine = demo.engine();
        return new ServiceConfig(MNIST_MODEL, new EngineSpec(MNIST_MODEL, OnnxForm.NAME, OnnxForm.MNIST_MODEL, null,
                Map.of(), engine.baseDir(), engine.options()), demo.pool(), demo.requestTimeout(),
                demo.sessions(), demo.rateLimit());
    }
}
