package io.aiges.plugin.c.isolated;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says why an engine child died, from its exit status and the last lines of its stderr. A
 * segfault in engine code is caught by the child JVM, which prints a fatal error summary
 * ({@code #}-prefixed lines naming the signal, the engine frame and the report file) and aborts;
 * other signals (an engine's {@code abort()}) and exits end the process directly.
 */
final class ChildExit {
    private static final Pattern JVM_SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x");
    private static final String JVM_FRAME = "# Problematic frame:";
    private static final String JVM_REPORT = "# An error report file with more information is saved as:";
    /** Linux signal numbers; a process killed by signal N exits with 128 + N. */
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");
    private static final int SHOWN_LINES = 6;

    private ChildExit() {
    }

    static String describe(long pid, int exitCode, List<String> stderrTail) {
        StringBuilder s = new StringBuilder("native engine crashed: child ").append(pid);
        String jvmSignal = null;
        String frame = null;
        String report = null;
        for (int i = 0; i < stderrTail.size(); i++) {
            String line = stderrTail.get(i);
            String next = i + 1 < stderrTail.size() ? stderrTail.get(i + 1).replaceFirst("^#\\s*", "") : null;
            Matcher signal = JVM_SIGNAL.matcher(line);
            if (signal.find()) {
                jvmSignal = signal.group(1);
            } else if (line.startsWith(JVM_FRAME)) {
                frame = next;
            } else if (line.startsWith(JVM_REPORT)) {
                report = next;
            }
        }
        if (jvmSignal != null) {
            s.append(" got ").append(jvmSignal).append(" in native code");
            if (frame != null) {
                s.append(" at ").append(frame.replaceAll("\\s+", " "));
            }
            s.append(" (exit code ").append(exitCode);
            if (report != null) {
                s.append(", report ").append(report);
            }
            s.append(')');
        } else if (exitCode > 128 && SIGNALS.containsKey(exitCode - 128)) {
            s.append(" killed by ").append(SIGNALS.get(exitCode - 128)).append(" (exit code ").append(exitCode).append(')');
        } else {
            s.append(" exited with code ").append(exitCode);
        }
        // The JVM's summary is condensed above; the engine's own last words are what is left.
        List<String> shown = stderrTail.stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        if (!shown.isEmpty()) {
            s.append("; last stderr lines: ")
                    .append(String.join(" | ", shown.subList(Math.max(0, shown.size() - SHOWN_LINES), shown.size())));
        }
        return s.toString();
    }
}
