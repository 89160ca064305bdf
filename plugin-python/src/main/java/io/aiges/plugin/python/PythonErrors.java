package io.aiges.plugin.python;

/** The AIGES codes this plugin raises itself; the wrapper's own codes pass through as they are. */
final class PythonErrors {
    /** The engine process crashed or exited mid-call (the original's 10109). */
    static final int CRASH = 10109;
    /** The call was abandoned at the request timeout (the original's 10102). */
    static final int TIMEOUT = 10102;
    /** The wrapper cannot be found or imported (the original's 10903, wrapper load failed). */
    static final int LOAD = 10903;

    private PythonErrors() {
    }

    /** " (SIGKILL)" and the like for the signals that usually end a worker, else "". */
    static String signalName(int signal) {
        return switch (signal) {
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
