package io.aiges.cli;

import io.aiges.api.WrapperException;
import io.aiges.plugin.c.CProjectScaffold;
import io.aiges.plugin.python.ProjectScaffold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code aiges create -n NAME}: scaffolds an engine project that serves as it is, as the original
 * SDK's {@code python3 -m aiges create -n NAME} does (and with the same result); with
 * {@code --lang c}, a C engine project that builds with make.
 */
@Command(name = "create", description = {"Create an engine project that serves as it is:",
        "NAME/wrapper/wrapper.py, test data, aiges.toml, a README, requirements.txt",
        "and a Containerfile;",
        "with --lang c: NAME/wrapper.c, a Makefile, the aiges headers, aiges.toml and a README."})
final class CreateCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
            description = "Project and service name (letters, digits, '_' or '-').")
    private String name;

    @Option(names = {"-p", "--path"}, paramLabel = "DIR", defaultValue = ".",
            description = "Folder to create the project in (default: the current one).")
    private String path;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "python",
            description = "Engine language: python (the default; the original SDK's kind) or c.")
    private String lang;

    @Option(names = "--python", paramLabel = "PYTHON",
            description = "Python interpreter that writes the project (default: /usr/bin/python3).")
    private Path python;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final CliContext context;

    CreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "-n " + name
                    + ": a project name is a letter followed by letters, digits, '_' or '-'");
        }
        if (!lang.equals("python") && !lang.equals("c")) {
            throw new ParameterException(spec.commandLine(), "--lang " + lang + ": expected python or c");
        }
        Path parent = context.cwd().resolve(path).normalize();
        Path project = parent.resolve(name);
        if (project.toFile().exists()) {
            context.say(project + " already exists; choose another name or folder");
            return 1;
        }
        try {
            String said = lang.equals("c") ? CProjectScaffold.create(name, parent)
                    : ProjectScaffold.create(name, parent, python != null ? python : ProjectScaffold.defaultPython());
            context.out().println("aiges: " + said);
            context.out().flush();
            return 0;
        } catch (WrapperException e) {
            context.say(e.getMessage());
            return 1;
        }
    }
}
