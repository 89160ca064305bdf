package io.aiges.config;

import io.aiges.engine.config.BatchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code [batching]} in aiges.toml: off by default, its delay in the units people write. */
class BatchingConfigTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private BatchConfig batching(String section) throws ConfigException {
        return new ConfigLoader(Map.of(), warnings::add)
                .parse("[svcName]\n[fc]\nqueue = 50\nqueueTimeout = 3000\n[batching]\n" + section, "aiges.toml", dir, "svcName")
                .service().batching();
    }

    @Test
    void batchingIsOffUnlessAskedForAndTheDefaultFileLeavesItOff() throws ConfigException {
        assertThat(batching("").enabled()).isFalse();
        assertThat(new ConfigLoader(Map.of(), warnings::add).parse(DefaultConfig.text(), "aiges.toml", dir, "svcName")
                .service().batching().enabled()).isFalse();
        assertThat(warnings).isEmpty();
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        BatchConfig config = batching("""
                maxBatchSize = 32
                maxBatchDelay = "2ms"
                preferredBatchSizes = [16, 8, 32]
                queueSize = 256
                queueTimeout = 500
                """);

        assertThat(config).isEqualTo(new BatchConfig(32, Duration.ofMillis(2), List.of(8, 16, 32), 256, Duration.ofMillis(500)));
        assertThat(config.enabled()).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void theQueueDefaultsToTheLicenceQueue() throws ConfigException {
        BatchConfig config = batching("maxBatchSize = 8\n");

        assertThat(config.queueSize()).isEqualTo(50);
        assertThat(config.queueTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.maxBatchDelay()).isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "500us"  | PT0.0005S
            "500µs"  | PT0.0005S
            "2ms"    | PT0.002S
            "2 MS"   | PT0.002S
            "1s"     | PT1S
            "750"    | PT0.00075S
            750      | PT0.00075S
            0        | PT0S
            """)
    void theDelayTakesMicrosecondsMillisecondsOrSeconds(String value, Duration expected) throws ConfigException {
        assertThat(batching("maxBatchSize = 4\nmaxBatchDelay = " + value + "\n").maxBatchDelay()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            maxBatchSize = 0              | [batching] maxBatchSize: expected an integer from 1 to 4096, got 0
            maxBatchDelay = "2 minutes"   | [batching] maxBatchDelay: expected a delay such as "500us", "2ms" or "1s", got "2 minutes"
            maxBatchDelay = -1            | [batching] maxBatchDelay: expected an integer from 0 to 31536000000000, got -1
            preferredBatchSizes = 8       | [batching] preferredBatchSizes: expected a list of sizes such as [8, 16, 32], got 8
            preferredBatchSizes = [4, 64] | [batching] preferredBatchSizes: expected sizes from 1 to maxBatchSize (32), got 64
            queueSize = 0                 | [batching] queueSize: expected an integer >= 1, got 0
            """)
    void aBadValueNamesTheLineAndKey(String line, String problem) {
        String max = line.startsWith("maxBatchSize") ? "" : "maxBatchSize = 32\n";
        assertThatThrownBy(() -> batching(max + line + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("aiges.toml:" + (max.isEmpty() ? 6 : 7) + ": " + problem);
    }

    @Test
    void aMisspelledKeyIsWarnedAbout() throws ConfigException {
        batching("maxBatchSise = 8\n");

        assertThat(warnings).singleElement().asString().contains("[batching] maxBatchSise: unknown key, ignored (did you mean maxBatchSize?)");
    }
}
