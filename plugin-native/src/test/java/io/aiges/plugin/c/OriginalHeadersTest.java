package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Sources written for the original AIGES headers build against ours unchanged (flat
 * {@code #include "wrapper.h"}, the {@code wrapper*Ptr} typedefs, {@code WrapperAPI} from
 * type.h), as C and as C++, and serve; a C++ library that exports mangled names is told why
 * it seems to lack the functions.
 */
class OriginalHeadersTest {

    @Test
    void aCEngineWrittenForTheOriginalHeadersBuildsAndServes(@TempDir Path dir) throws Exception {
        assertServes(Gcc.flatIncludeLibrary("original_style.c", false, "original_c", dir), dir);
    }

    @Test
    void theSameSourceBuiltAsCxxBuildsAndServes(@TempDir Path dir) throws Exception {
        assertServes(Gcc.flatIncludeLibrary("original_style.c", true, "original_cxx", dir), dir);
    }

    @Test
    void aCxxLibraryWithMangledNamesIsToldToDeclareThemExternC(@TempDir Path dir) throws Exception {
        Path library = Gcc.flatIncludeLibrary("mangled_engine.cpp", true, "mangled", dir);

        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> new CForm().open(new EngineSpec("mangled", "c", library.toString(), null, Map.of(), dir)));

        assertThat(e.code()).isEqualTo(10903);
        assertThat(e.getMessage()).contains("does not export wrapperInit, wrapperFini, wrapperExec, wrapperExecFree")
                .contains("found C++ (mangled) names such as _Z11wrapperInitP9ParamList")
                .contains("declare the functions extern \"C\" (wrapper.h does so when included)");
    }

    @Test
    void aLibraryMissingFunctionsWithoutMangledOnesGetsNoCxxHint(@TempDir Path dir) throws Exception {
        Path library = Gcc.sharedLibrary("no_exec_free", dir);

        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> new CForm().open(new EngineSpec("bad", "c", library.toString(), null, Map.of(), dir)));

        assertThat(e.getMessage()).contains("wrapperExecFree").doesNotContain("mangled");
    }

    private static void assertServes(Path library, Path dir) throws Exception {
        assertThat(Gcc.counter(library, "test_pointer_types")).as("functions bound through the typedefs").isEqualTo(15);
        Engine engine = new CForm().open(new EngineSpec("original", "c", library.toString(), null, Map.of(), dir));
        try {
            assertThat(engine.version()).isEqualTo("original-style 1.0");
            List<DataItem> out = engine.newInstance().once(new Params(Map.of("sid", "s1")),
                    List.of(DataItem.text("text", "in")));
            assertThat(out).singleElement().satisfies(item -> assertThat(item.asText()).isEqualTo("original headers"));
        } finally {
            engine.close();
        }
    }
}
