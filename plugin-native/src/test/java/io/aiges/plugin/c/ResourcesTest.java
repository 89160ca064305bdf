package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Personalisation resources: files named in {@code [engine.resources]} are loaded with
 * wrapperLoadRes at start-up and unloaded at close; a request's {@code psrIds} reach wrapperExec
 * and wrapperCreate. And wrapperSetCtrl gets a callable function for each CtrlType before init.
 */
class ResourcesTest {
    @TempDir
    Path dir;

    /** The library's state is process-wide, so each test builds its own copy in its own folder. */
    private Path library() throws Exception {
        return Gcc.sharedLibrary("resource_engine", dir);
    }

    private Engine open(Path library, Map<String, String> options) throws WrapperException {
        return new CForm().open(new EngineSpec("res", "c", library.toString(), null, Map.of(), dir, options));
    }

    private static String once(Engine engine, Map<String, String> params) throws WrapperException {
        return engine.newInstance().once(new Params(params), List.of(DataItem.text("in", "x"))).getFirst().asText();
    }

    @Test
    void configuredResourcesAreLoadedAndRequestsNameThemByPsrIds() throws Exception {
        Path library = library();
        Files.writeString(dir.resolve("hotwords.txt"), "hello");
        Files.writeString(dir.resolve("names.txt"), "world");
        Engine engine = open(library, Map.of("resources.1", "hotwords.txt", "resources.4000000000", "./names.txt"));
        try {
            assertThat(Gcc.counter(library, "test_loaded")).isEqualTo(2);
            assertThat(Gcc.text(library, "test_first_node")).isEqualTo("hotwords.txt/4/2");
            assertThat(once(engine, Map.of("sid", "a", "psrIds", "4000000000, 1,3"))).isEqualTo("4000000000=world;1=hello;3=?;");
            assertThat(once(engine, Map.of("sid", "b", "psrIds", "[1]"))).isEqualTo("1=hello;");
            assertThat(once(engine, Map.of("sid", "c"))).isEqualTo("none");
            WrapperException bad = catchThrowableOfType(WrapperException.class,
                    () -> once(engine, Map.of("sid", "d", "psrIds", "1,two")));
            assertThat(bad.code()).isEqualTo(10107);
            assertThat(bad.getMessage()).contains("psrIds").contains("1,two");

            WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "s", "psrIds", "1")));
            assertThat(session.read()).extracting(DataItem::asText).containsExactly("1=hello;");
            session.destroy();
        } finally {
            engine.close();
        }
        assertThat(Gcc.counter(library, "test_unloads")).isEqualTo(2);
        assertThat(Gcc.counter(library, "test_loaded")).isZero();
    }

    @Test
    void wrapperSetCtrlGetsAFunctionForEachTypeBeforeInitThatIsSafeToCall() throws Exception {
        Path library = library();
        open(library, Map.of()).close();

        assertThat(Gcc.counter(library, "test_ctrl_before_init")).isEqualTo(3);
        assertThat(Gcc.counter(library, "test_ctrl_calls_ok")).isEqualTo(3);
    }

    @Test
    void aRefusedResourceFailsStartUpWithTheEngineText() throws Exception {
        Path library = library();
        Files.writeString(dir.resolve("good.txt"), "fine");
        Files.writeString(dir.resolve("bad.txt"), "fail");
        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> open(library, Map.of("resources.1", "good.txt", "resources.2", "bad.txt")));

        assertThat(e.code()).isEqualTo(10901);
        assertThat(e.getMessage()).contains("resource 2").endsWith("this resource is refused;code=77");
        assertThat(Gcc.counter(library, "test_unloads")).as("the one loaded before is unloaded").isEqualTo(1);
    }

    @Test
    void aMissingFileOrABadIdIsAClearStartUpError() throws Exception {
        Path library = library();
        WrapperException missing = catchThrowableOfType(WrapperException.class,
                () -> open(library, Map.of("resources.1", "nowhere.txt")));
        WrapperException badId = catchThrowableOfType(WrapperException.class,
                () -> open(library, Map.of("resources.x", "nowhere.txt")));

        assertThat(missing.code()).isEqualTo(10901);
        assertThat(missing.getMessage()).contains("[engine.resources] 1").contains("no such file");
        assertThat(badId.getMessage()).contains("[engine.resources] x").contains("0 to 4294967295");
    }
}
