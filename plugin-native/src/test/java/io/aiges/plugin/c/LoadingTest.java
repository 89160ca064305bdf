package io.aiges.plugin.c;

import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Opening and closing a library: what start-up checks, what init receives, what fini sees. */
class LoadingTest {

    @Test
    void theFormIsFoundByName() {
        assertThat(ServiceLoader.load(EngineForm.class).stream().map(p -> p.get().name())).contains("c");
    }

    @Test
    void initGetsTheWrapperSectionOnceAndCloseCallsFiniOnce(@TempDir Path dir) throws Exception {
        Path library = Gcc.sharedLibrary("echo_engine", dir);
        Map<String, String> config = Map.of("common.lic", "4", "model", "/models/中文.bin");

        Engine engine = new CForm().open(new EngineSpec("echo", "c", library.toString(), null, config, dir));
        engine.newInstance();
        engine.newInstance();
        engine.close();
        engine.close();

        assertThat(Gcc.counter(library, "test_init_calls")).isEqualTo(1);
        // EngineSpec keeps the section as an unordered map, so only the entries are compared.
        assertThat(Gcc.text(library, "test_init_config").split(";"))
                .containsExactlyInAnyOrder("common.lic=4", "model=/models/中文.bin");
        assertThat(Gcc.counter(library, "test_fini_calls")).isEqualTo(1);
    }

    @Test
    void aMissingRequiredSymbolIsNamed(@TempDir Path dir) throws Exception {
        Path library = Gcc.sharedLibrary("no_exec_free", dir);

        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> new CForm().open(new EngineSpec("bad", "c", library.toString(), null, Map.of(), dir)));

        assertThat(e.code()).isEqualTo(10903);
        assertThat(e.getMessage()).contains(library.toString(), "wrapperExecFree");
    }

    @Test
    void aLibraryThatIsNowhereIsNamed(@TempDir Path dir) {
        WrapperException e = catchThrowableOfType(WrapperException.class, () -> new CForm()
                .open(new EngineSpec("lost", "c", "libaiges_no_such_engine.so", null, Map.of(), dir)));

        assertThat(e.code()).isEqualTo(10903);
        assertThat(e.getMessage()).contains("libaiges_no_such_engine.so");
    }

    @Test
    void aFileThatIsNotALibraryIsNamed(@TempDir Path dir) throws Exception {
        Path notALibrary = Files.writeString(dir.resolve("libwrapper.so"), "not an ELF file");

        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> new CForm().open(new EngineSpec("junk", "c", "libwrapper.so", null, Map.of(), dir)));

        assertThat(e.code()).isEqualTo(10903);
        assertThat(e.getMessage()).contains(notALibrary.toString());
    }

    @Test
    void callModesNeedingMissingOptionalSymbolsAnswerAClearError(@TempDir Path dir) throws Exception {
        Path library = Gcc.sharedLibrary("minimal_engine", dir);
        Map<String, String> asyncMode = Map.of("asyncMode", "true");

        try (Engine engine = new CForm().open(new EngineSpec("minimal", "c", library.toString(), null, Map.of(), dir,
                asyncMode))) {
            assertThat(engine.version()).isEqualTo("unknown");
            WrapperException once = catchThrowableOfType(WrapperException.class,
                    () -> engine.newInstance().once(new Params(Map.of("sid", "a")), List.of()));
            WrapperException session = catchThrowableOfType(WrapperException.class,
                    () -> engine.newInstance().create(new Params(Map.of("sid", "b"))));

            assertThat(once.code()).isEqualTo(ErrorCodes.INVALID_OP);
            assertThat(once.getMessage()).contains("wrapperExecAsync", library.toString());
            assertThat(session.code()).isEqualTo(ErrorCodes.INVALID_OP);
            assertThat(session.getMessage()).contains("wrapperCreate", "wrapperWrite", "wrapperRead", "wrapperDestroy");
        }
    }

    @Test
    void aNullResponseMeansNoOutput(@TempDir Path dir) throws Exception {
        Path library = Gcc.sharedLibrary("minimal_engine", dir);
        try (Engine engine = new CForm().open(new EngineSpec("minimal", "c", library.toString(), null, Map.of(), dir))) {
            assertThat(engine.newInstance().once(new Params(Map.of("sid", "a")), List.of())).isEmpty();
        }
    }
}
