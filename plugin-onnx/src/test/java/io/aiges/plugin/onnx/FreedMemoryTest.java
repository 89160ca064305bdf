package io.aiges.plugin.onnx;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Linker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Where the C library is glibc, the process's mmap threshold is fixed; elsewhere nothing happens. */
class FreedMemoryTest {
    @Test
    void glibcTakesTheFixedThreshold() {
        boolean glibc = Linker.nativeLinker().defaultLookup().find("gnu_get_libc_version").isPresent();
        assumeThat(glibc).as("glibc").isTrue();
        assertThat(FreedMemory.returnLargeBlocks()).isTrue();
    }
}
