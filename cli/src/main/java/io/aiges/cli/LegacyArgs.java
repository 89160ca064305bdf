package io.aiges.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings the original's Go-style command line to what the parser takes. Go's {@code flag}
 * package reads {@code --m 0} as {@code -m 0}; the parser only knows the single-dash names, so
 * the double dash is dropped (its messages then name the flag as the user knows it). The xsf
 * {@code -bvt*} check flags are removed with a warning: there is no xsf underneath.
 *
 * <p>Only the flags before the first command name are touched: {@code aiges demo --port 1} keeps
 * its own options.
 */
final class LegacyArgs {

    /** The original's flags, by name without dashes. */
    static final Set<String> FLAGS = Set.of("init", "mnist", "v", "m", "c", "s", "dc", "p", "g", "u", "h", "help");

    private static final Set<String> WITH_VALUE = Set.of("m", "c", "s", "dc", "p", "g", "u");
    private static final Set<String> BOOLEAN = Set.of("init", "mnist", "v");
    private static final Set<String> GO_TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");
    private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

    private LegacyArgs() {
    }

    static List<String> normalise(String[] args, Set<String> commands, Consumer<String> warnings) {
        List<String> result = new ArrayList<>(args.length);
        int i = 0;
        for (; i < args.length; i++) {
            String arg = args[i];
            if (commands.contains(arg) || arg.equals("--") || !arg.startsWith("-")) {
                break;
            }
            String flag = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
            if (name.startsWith("bvt")) {
                warnings.accept("-" + name + " ignored: the xsf BVT check flags are not needed");
                boolean valueFollows = !flag.contains("=") && i + 1 < args.length
                        && !args[i + 1].startsWith("-") && !commands.contains(args[i + 1]);
                if (valueFollows) {
                    i++;
                }
                continue;
            }
            if (BOOLEAN.contains(name) && flag.contains("=")) {
                // Go takes -init=true and -init=false; the parser takes the bare flag.
                String value = flag.substring(flag.indexOf('=') + 1);
                if (GO_FALSE.contains(value)) {
                    continue;
                }
                if (GO_TRUE.contains(value)) {
                    result.add("-" + name);
                    continue;
                }
            }
            result.add(FLAGS.contains(name) ? "-" + flag : arg);
            if (WITH_VALUE.contains(name) && !flag.contains("=") && i + 1 < args.length) {
                result.add(args[++i]);
            }
        }
        for (; i < args.length; i++) {
            result.add(args[i]);
        }
        return result;
    }
}
