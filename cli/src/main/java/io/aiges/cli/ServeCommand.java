package io.aiges.cli;

import io.aiges.config.ConfigLoader;
import io.aiges.config.DefaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code aiges serve}: the same as {@code -m 0}; with {@code --model-repository DIR}, the models
 * of a folder instead ({@code DIR/{name}/{version}/model.onnx}, or an engine folder), with
 * aiges.toml (when there is one) giving the listeners and the pool each model gets.
 */
@Command(name = "serve", description = {"Serve a service of aiges.toml (the same as -m 0),",
        "or with --model-repository every model of a folder (DIR/NAME/VERSION/model.onnx)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DefaultConfig.FILE_NAME,
            description = "The configuration file (default: ${DEFAULT-VALUE}; written first when missing).")
    private String config;

    @Option(names = {"-s", "--service"}, paramLabel = "NAME", defaultValue = ConfigLoader.DEFAULT_SERVICE,
            description = "The service: its section in the file and its route /v1/NAME (default: ${DEFAULT-VALUE}).")
    private String service;

    @Option(names = "--model-repository", paramLabel = "DIR",
            description = "Serve every model of DIR (DIR/NAME/VERSION/model.onnx, wrapper.py or libwrapper.so) over"
                    + " the Open Inference Protocol and /v1/NAME, instead of the service of the file.")
    private Path modelRepository;

    @Option(names = "--model-control",
            description = "Allow POST /v2/repository/models/NAME/load and /unload (off by default: anyone who"
                    + " reaches the port could change what is served).")
    private boolean modelControl;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    private final CliContext context;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (modelRepository != null) {
            return Serving.serveRepository(context, config, service, modelRepository, modelControl);
        }
        if (modelControl) {
            context.say("--model-control needs --model-repository DIR: there is nothing to load or unload");
            return 2;
        }
        return Serving.serveFile(context, config, service);
    }
}
