package io.aiges.plugin.c.isolated;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Takes the child's stdout for the protocol alone. Redirecting {@code System.out} is not enough:
 * engines {@code printf}, and the JVM itself may print to file descriptor 1. So the pipe to the
 * parent is moved to a new descriptor and descriptor 1 is pointed at stderr, where whatever is
 * printed ends up in the parent's log instead of in the middle of a frame.
 */
final class ProtocolStdout {
    private static final int STDOUT = 1;
    private static final int STDERR = 2;

    private ProtocolStdout() {
    }

    /** The pipe to the parent; from now on descriptor 1 (and so {@code System.out}) writes to stderr. */
    static OutputStream take() throws IOException {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle dup = linker.downcallHandle(libc.findOrThrow("dup"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle dup2 = linker.downcallHandle(libc.findOrThrow("dup2"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        MethodHandle close = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        System.out.flush();
        try {
            int pipe = (int) dup.invokeExact(STDOUT);
            if (pipe < 0 || (int) dup2.invokeExact(STDERR, STDOUT) < 0) {
                throw new IOException("cannot move stdout away from descriptor 1");
            }
            // Java cannot wrap a raw descriptor number; /proc reopens the same pipe as a stream.
            FileOutputStream protocol = new FileOutputStream("/proc/self/fd/" + pipe);
            close.invoke(pipe); // the stream holds its own descriptor now
            return protocol;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("cannot move stdout away from descriptor 1", t);
        }
    }
}
