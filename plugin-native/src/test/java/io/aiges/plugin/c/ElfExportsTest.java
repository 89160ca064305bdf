package io.aiges.plugin.c;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The defined dynamic symbols of a library, read from its ELF file, as nm -D --defined-only lists them. */
class ElfExportsTest {

    @Test
    void listsWhatALibraryDefinesAndNotWhatItImports(@TempDir Path dir) throws Exception {
        Path library = Gcc.sharedLibrary("echo_engine", dir);

        assertThat(ElfExports.of(library))
                .contains("wrapperInit", "wrapperExec", "wrapperExecFree", "test_exec_calls")
                .doesNotContain("malloc", "free", "");
    }

    @Test
    void cxxNamesAreListedMangled(@TempDir Path dir) throws Exception {
        Path library = Gcc.flatIncludeLibrary("mangled_engine.cpp", true, "mangled", dir);

        assertThat(ElfExports.of(library)).contains("_Z11wrapperInitP9ParamList", "_Z11wrapperFiniv")
                .doesNotContain("wrapperInit");
    }

    @Test
    void whatIsNotAnElfFileHasNoNames(@TempDir Path dir) throws Exception {
        assertThat(ElfExports.of(Files.writeString(dir.resolve("lib.so"), "not an ELF file"))).isEmpty();
        assertThat(ElfExports.of(Files.write(dir.resolve("short.so"), new byte[]{0x7f, 'E', 'L', 'F', 2, 1}))).isEmpty();
        assertThat(ElfExports.of(dir.resolve("missing.so"))).isEmpty();
    }
}
