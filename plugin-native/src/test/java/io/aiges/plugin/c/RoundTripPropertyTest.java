package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
                List<DataItem> in = randomItems(random);

                List<DataItem> out = wrapper.once(new Params(Map.of("sid", "prop-" + i)), in);

                assertThat(out).as("request %d (seed %d)", i, SEED).isEqualTo(in);
            }
        }
        assertThat(Gcc.counter(library, "test_live_nodes")).isZero();
    }

    private static List<DataItem> randomItems(Random random) {
        List<DataItem> items = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[random.nextInt(4097)];
            random.nextBytes(data);
            Map<String, String> descriptors = new HashMap<>();
            int n = random.nextInt(4);
            for (int d = 0; d < n; d++) {
                descriptors.put(word(random), word(random));
            }
            items.add(new DataItem(word(random), data, DataType.values()[random.nextInt(DataType.values().length)],
                    DataStatus.values()[random.nextInt(DataStatus.values().length)], descriptors));
        }
        return items;
    }

    /** A key or value: any non-NUL characters, including multi-byte ones, possibly empty. */
    private static String word(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(3);
            s.appendCodePoint(switch (kind) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x20 + random.nextInt(0x5f);
                default -> 0x4e00 + random.nextInt(0x100);
            });
        }
        return s.toString();
    }
}
