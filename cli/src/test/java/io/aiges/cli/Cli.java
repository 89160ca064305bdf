package io.aiges.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command in-process in a folder with an environment of the test's choosing, capturing its output. */
record Cli(int exit, String out, String err) {

    static Cli run(Path cwd, String... args) {
        return run(cwd, Map.of(), args);
    }

    static Cli run(Path cwd, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new CliContext(cwd, env, new PrintWriter(out, true), new PrintWriter(err, true)));
        return new Cli(exit, out.toString(), err.toString());
    }
}
