package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever goes in comes back byte-exact through the echo engine: 1000 seeded random requests. */
class RoundTripPropertyTest {
    private static final long SEED = 20261125L;

    @Test
    void randomRequestsRoundTripExactly(@TempDir Path dir) throws Exception {
        Path library = Gcc.sharedLibrary("echo_engine", dir);
        Random random = new Random(SEED);
        try (Engine engine = new CForm().open(new EngineSpec("echo", "c", library.toString(), null, Map.of(), dir))) {
            Wrapper wrapper = engine.newInstance();
            for (int i = 0; i < 1000; i++) {
                List<DataItem> in = RandomItems.items(random);

                List<DataItem> out = wrapper.once(new Params(Map.of("sid", "prop-" + i)), in);

                assertThat(out).as("request %d (seed %d)", i, SEED).isEqualTo(in);
            }
        }
        assertThat(Gcc.counter(library, "test_live_nodes")).isZero();
    }
}
