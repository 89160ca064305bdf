package io.aiges.plugin.c.isolated;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.WrapperSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** asyncMode sessions in the engine child: the callback runs there, results are read over the pipe. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IsolatedCallbackSessionTest {
    @TempDir
    Path dir;

    @Test
    void resultsPushedInTheChildComeBackInOrder() throws Exception {
        IsolatedEngine engine = TestEngines.openIsolated(TestEngines.build("callback_engine", dir), Map.of(),
                Map.of("asyncMode", "true"));
        try {
            WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "iso-cb", "late_ms", "50")));
            List<DataItem> out = new ArrayList<>();
            for (String word : List.of("one", "two", "three")) {
                session.write(List.of(new DataItem("text", word.getBytes(), DataType.TEXT, DataStatus.CONTINUE, Map.of())));
                out.addAll(session.read());
            }
            session.write(List.of(new DataItem("text", "end".getBytes(), DataType.TEXT, DataStatus.END, Map.of())));
            out.addAll(session.read());
            session.destroy();
            Thread.sleep(150); // the engine's late callback after destroy: refused in the child, which lives on

            assertThat(out).extracting(DataItem::asText).containsExactly("ONE", "TWO", "THREE", "END");
            assertThat(out.getLast().status()).isEqualTo(DataStatus.END);
            WrapperSession next = engine.newInstance().create(new Params(Map.of("sid", "iso-cb-2")));
            next.write(List.of(DataItem.text("text", "still here")));
            assertThat(next.read()).extracting(DataItem::asText).containsExactly("STILL HERE");
            next.destroy();
        } finally {
            engine.close();
        }
    }
}
