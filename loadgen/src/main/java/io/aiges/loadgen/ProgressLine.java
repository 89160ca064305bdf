package io.aiges.loadgen;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The live progress line on a terminal: each line overwrites the previous one in place, and
 * {@link #clear} wipes it so the summary that follows starts on a clean line.
 */
public final class ProgressLine implements Consumer<String> {
    private final PrintWriter terminal;
    private int shown;

    public ProgressLine(PrintWriter terminal) {
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(String line) {
        terminal.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        terminal.flush();
        shown = line.length();
    }

    public synchronized void clear() {
        if (shown > 0) {
            terminal.print("\r" + " ".repeat(shown) + "\r");
            terminal.flush();
            shown = 0;
        }
    }
}
