package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A wrapper that computes with numpy, from Debian's python3-numpy (.ci/run installs it): real
 * wrappers import numpy, and their arrays must arrive byte for byte.
 */
class NumpyWrapperTest {
    private static final Pattern N = Pattern.compile("\"n\": (\\d+)");
    private static final Pattern SUM = Pattern.compile("\"sum\": (-?[0-9.eE+-]+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void numpySeesTheSamplesSent(long seed) throws Exception {
        Random random = new Random(seed);
        float[] samples = new float[random.nextInt(50_000)];
        double sum = 0;
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) random.nextGaussian();
            bytes.putFloat(samples[i]);
            sum += samples[i] * 2.0;
        }
        Path folder = Wrappers.copy("numpy", dir.resolve("numpy"));
        try (Engine engine = Wrappers.open(folder, Map.of("scale", "2"))) {
            List<DataItem> out = engine.newInstance().once(new Params(Map.of("sid", "np")),
                    List.of(DataItem.of("pcm", bytes.array(), DataType.AUDIO)));
            String stats = out.getFirst().asText();
            Matcher n = N.matcher(stats);
            Matcher total = SUM.matcher(stats);
            assertThat(n.find() && total.find()).as(stats).isTrue();
            assertThat(Integer.parseInt(n.group(1))).isEqualTo(samples.length);
            assertThat(Double.parseDouble(total.group(1))).isCloseTo(sum, within(1e-2 + Math.abs(sum) * 1e-4));
        }
    }
}
