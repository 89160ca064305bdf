package io.aiges.cli;

import io.aiges.cli.mnist.MnistProject;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * {@code aiges -mnist}: writes the original documentation's Python MNIST demo project into
 * {@code ./aiges_demo/mnist/} and says how to serve it, in the documentation's own steps.
 */
final class MnistCommand implements Callable<Integer> {
    private final CliContext context;

    MnistCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try {
            MnistProject.write(context.cwd());
        } catch (IOException e) {
            context.say("-mnist: " + e.getMessage());
            return 1;
        }
        String wrapper = MnistProject.FOLDER.resolve("wrapper").toString();
        context.out().println("aiges: wrote " + MnistProject.FOLDER + "/, a Python MNIST wrapper (numpy, no PyTorch;"
                + " see its README.md). Serve it:");
        context.out().println("  export AIGES_PLUGIN_MODE=python PYTHONPATH=$PWD/" + wrapper);
        context.out().println("  aiges -init");
        context.out().println("  aiges -m 0 -c aiges.toml -s svcName");
        context.out().flush();
        return 0;
    }
}
