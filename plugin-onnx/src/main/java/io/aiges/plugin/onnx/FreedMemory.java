package io.aiges.plugin.onnx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Makes the native memory ONNX Runtime frees go back to the operating system, where the C
 * library is glibc: its {@code malloc} serves large blocks from {@code mmap} (unmapped again on
 * {@code free}) only above a threshold that it raises to the largest block freed so far, up to
 * 32 MiB; past that, big tensors come from per-thread heaps that hold on to them. Measured on
 * the MNIST demo, fuzzed OIP requests: 2.8 GB resident after 6,000 with the arena shrunk after
 * each run, 1.6 GB after 7,000 with no arena, and about 0.4 GB for either once the threshold stays
 * at glibc's 128 KiB default ({@code mallopt(M_MMAP_THRESHOLD, 131072)}, as
 * {@code MALLOC_MMAP_THRESHOLD_=131072} would set it). Elsewhere (musl, macOS) nothing is done.
 */
final class FreedMemory {
    /** glibc's {@code M_MMAP_THRESHOLD} parameter of {@code mallopt}. */
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int THRESHOLD = 128 * 1024;
    private static final Logger log = LoggerFactory.getLogger(FreedMemory.class);

    private FreedMemory() {
    }

    /** Fixes glibc's mmap threshold for the whole process; true when it did. */
    static boolean returnLargeBlocks() {
        Optional<MethodHandle> mallopt = Linker.nativeLinker().defaultLookup().find("mallopt")
                .map(address -> Linker.nativeLinker().downcallHandle(address,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
        if (mallopt.isEmpty()) {
            return false;
        }
        try {
            boolean set = (int) mallopt.get().invokeExact(M_MMAP_THRESHOLD, THRESHOLD) == 1;
            if (!set) {
                log.warn("mallopt(M_MMAP_THRESHOLD) refused: native memory ONNX Runtime frees may stay with the process");
            }
            return set;
        } catch (Throwable e) {
            log.warn("mallopt(M_MMAP_THRESHOLD) failed: native memory ONNX Runtime frees may stay with the process", e);
            return false;
        }
    }
}
