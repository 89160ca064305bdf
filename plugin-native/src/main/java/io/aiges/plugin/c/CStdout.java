package io.aiges.plugin.c;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Makes C's {@code stdout} line-buffered, so an engine's {@code printf} lines come out as they
 * are printed. libc buffers stdout fully unless it is a terminal, and a service's stdout is a
 * pipe or a file (an isolated child's is even pointed at its stderr pipe): without this, an
 * engine's output appears in 4 KiB pieces, or only at exit.
 *
 * <p>Why not catch descriptors 1 and 2 in a pipe and log each line instead: the JVM writes to
 * the same descriptors (System.out, so Logback's console appender, and the JVM's own messages),
 * so its log lines would come back through the pipe and be logged again, endlessly; and moving
 * the JVM's writers to a copy of the old descriptor still loses what the JVM prints to them as
 * an engine crashes it (the fatal error summary), once the thread reading the pipe dies with the
 * process. Line buffering changes only C's stdio buffer, which the JVM does not use, and still
 * writes straight to where aiges's stdout goes. stderr needs nothing: C leaves it unbuffered.
 */
final class CStdout {
    private static final Logger log = LoggerFactory.getLogger(CStdout.class);
    /** setvbuf's mode: {@code _IOLBF}, 1 in glibc and musl. */
    private static final int IOLBF = 1;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private CStdout() {
    }

    /** Once per process, before the first engine library is loaded (its constructors may print). */
    static void lineBuffered() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        // glibc and musl export stdout as a variable holding the FILE*.
        Optional<MemorySegment> stdout = libc.find("stdout");
        Optional<MemorySegment> setvbuf = libc.find("setvbuf");
        if (stdout.isEmpty() || setvbuf.isEmpty()) {
            log.debug("this libc exports no stdout or setvbuf: C engines' stdout keeps libc's buffering");
            return;
        }
        MemorySegment file = stdout.get().reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
        MethodHandle h = linker.downcallHandle(setvbuf.get(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG));
        try {
            int ret = (int) h.invokeExact(file, MemorySegment.NULL, IOLBF, 0L);
            if (ret != 0) {
                log.debug("setvbuf(stdout, _IOLBF) failed ({}): C engines' stdout keeps libc's buffering", ret);
            }
        } catch (Throwable t) {
            log.debug("setvbuf(stdout, _IOLBF) failed: C engines' stdout keeps libc's buffering", t);
        }
    }
}
