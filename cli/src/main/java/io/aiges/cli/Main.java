package io.aiges.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code aiges} command: the original {@code AIservice} flags ({@code -init}, {@code -m 0},
 * {@code -c}, {@code -s}, {@code -v}) and the commands {@code serve}, {@code demo}, {@code init},
 * {@code version}. Exit codes: 0 done, 1 failed (bad configuration, server could not start),
 * 2 bad command line.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CliContext context = new CliContext(Path.of(""), System.getenv(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(run(args, context));
    }

    /** Runs the command line {@code args} in {@code context}; returns the exit code. */
    static int run(String[] args, CliContext context) {
        CommandLine commandLine = commandLine(context);
        if (args.length == 0) {
            // As the original: no arguments prints the usage and is not an error.
            commandLine.usage(context.out());
            context.out().flush();
            return 0;
        }
        List<String> normalised = LegacyArgs.normalise(args, commandLine.getSubcommands().keySet(),
                warning -> context.say("warning: " + warning));
        return commandLine.execute(normalised.toArray(String[]::new));
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new AigesCommand(context))
                .addSubcommand(new CommandLine(new ServeCommand(context)))
                .addSubcommand(new CommandLine(new DemoCommand(context)))
                .addSubcommand(new CommandLine(new BenchCommand(context)))
                .addSubcommand(new CommandLine(new InitCommand(context)))
                .addSubcommand(new CommandLine(new CreateCommand(context)))
                .addSubcommand(new CommandLine(new VersionCommand(context)));
        // Set after the subcommands are added, so that they apply to them too. No clustering:
        // -init is one flag, never -i -n -i -t.
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setParameterExceptionHandler((e, args) -> badCommandLine(e, context));
        return commandLine;
    }

    /** One line naming what is wrong, one line saying where help is; exit code 2 as Go's flag package. */
    private static int badCommandLine(ParameterException e, CliContext context) {
        String message;
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().getFirst();
            message = argument.startsWith("-") ? "unknown flag: " + argument : "unexpected argument: " + argument;
        } else {
            String first = e.getMessage().lines().findFirst().orElse(e.getMessage());
            message = first.isEmpty() ? first : first.substring(0, 1).toLowerCase(Locale.ROOT) + first.substring(1);
        }
        context.say(message);
        context.err().println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " -h' for usage.");
        context.err().flush();
        return 2;
    }
}
