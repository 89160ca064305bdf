package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Streaming sessions in sync mode: create, write frames, poll with read, destroy once. */
class SessionTest {
    @TempDir
    static Path dir;
    static Path library;
    static Engine engine;

    @BeforeAll
    static void open() throws Exception {
        library = Gcc.sharedLibrary("echo_engine", dir);
        engine = new CForm().open(new EngineSpec("echo", "c", library.toString(), null, Map.of(), dir));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void framesWrittenComeBackOnReadAndDestroyHappensOnce() throws Exception {
        long destroys = Gcc.counter(library, "test_destroy_calls");
        WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "stream-1")));

        assertThat(session.read()).as("nothing written yet").isEmpty();
        DataItem first = new DataItem("text", "hello ".getBytes(), DataType.TEXT, DataStatus.BEGIN, Map.of("seq", "1"));
        DataItem second = new DataItem("text", "world".getBytes(), DataType.TEXT, DataStatus.CONTINUE, Map.of("seq", "2"));
        session.write(List.of(first));
        session.write(List.of(second));
        List<DataItem> firstRead = session.read();
        DataItem end = new DataItem("text", new byte[0], DataType.TEXT, DataStatus.END, Map.of("seq", "3"));
        session.write(List.of(end));
        List<DataItem> secondRead = session.read();
        session.destroy();
        session.destroy();

        assertThat(firstRead).extracting(DataItem::asText).containsExactly("HELLO ", "WORLD");
        assertThat(firstRead).extracting(DataItem::status).containsExactly(DataStatus.BEGIN, DataStatus.CONTINUE);
        assertThat(firstRead.get(1).descriptors()).isEqualTo(Map.of("seq", "2"));
        assertThat(secondRead).containsExactly(end);
        assertThat(Gcc.counter(library, "test_destroy_calls") - destroys).isEqualTo(1);
        assertThat(catchThrowableOfType(WrapperException.class, session::read).code()).isEqualTo(10008);
    }

    @Test
    void aRefusedCreateCarriesTheEngineCode() {
        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> engine.newInstance().create(new Params(Map.of("sid", "s", "fail", "12345"))));

        assertThat(e.code()).isEqualTo(12345);
        assertThat(e.getMessage()).isEqualTo("the engine refused: 12345 is not allowed");
    }
}
