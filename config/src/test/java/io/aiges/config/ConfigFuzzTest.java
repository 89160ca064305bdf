package io.aiges.config;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Random damage to the default aiges.toml: the loader either reads it or says where it is wrong
 * ({@code file:line: ...}, or {@code file: ...} for what is not on one line). Nothing else escapes,
 * and nothing hangs.
 */
class ConfigFuzzTest {

    private static final long SEED = 20_260_101L;

    private static final String[] TOKENS = {"[", "]", "[[", "=", "\"", "'", "\"\"\"", "'''", "#", "\n", ".", ",", "{",
            "}", "\\", " ", "0", "-1", "1e999", "0x", "inf", "nan", "true", "\"abc\"", "[fc]", "[svcName]", "max",
            "http_listen", "\"0.0.0.0:99999\"", "\"[::1]:1\"", "1979-05-27", "\t", "\r\n", "_", "+"};

    @TempDir
    Path dir;

    static LongStream seeds() {
        return new Random(SEED).longs(400);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void damagedFilesAreReadOrRefusedWithAPlace(long seed) throws IOException {
        byte[] damaged = damage(DefaultConfig.text().getBytes(StandardCharsets.UTF_8), new Random(seed));
        Path file = Files.write(dir.resolve("aiges.toml"), damaged);
        Pattern place = Pattern.compile("^" + Pattern.quote(file.toString()) + "(:\\d+(:\\d+)?)?: \\S.*", Pattern.DOTALL);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                new ConfigLoader(Map.of(), warning -> assertThat(warning).startsWith(file.toString()))
                        .load(file, "svcName");
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as("seed %d", seed).matches(place);
                if (e.line() > 0) {
                    assertThat(e.getMessage()).startsWith(file + ":" + e.line() + ":");
                }
            } catch (RuntimeException e) {
                fail("seed " + seed + ": " + e + "\n--- file ---\n" + new String(damaged, StandardCharsets.UTF_8), e);
            }
        }, () -> "seed " + seed + " hung");
    }

    private static byte[] damage(byte[] original, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(original, StandardCharsets.UTF_8).split("\n", -1)));
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            int column = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
            switch (random.nextInt(7)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> lines.set(at, line.substring(0, column) + TOKENS[random.nextInt(TOKENS.length)]
                        + line.substring(column));
                case 3 -> lines.set(at, line.substring(0, column));
                case 4 -> lines.set(at, line.substring(0, column) + line.substring(Math.min(line.length(), column + 1)));
                case 5 -> {
                    int other = random.nextInt(lines.size());
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                default -> lines.set(at, line.replaceFirst("=\\s*[^#]*", "= " + TOKENS[random.nextInt(TOKENS.length)] + " "));
            }
        }
        byte[] text = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(20) != 0) {
            return text;
        }
        // Now and then a byte that is not UTF-8.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = random.nextInt(text.length);
        out.write(text, 0, at);
        out.write(0xC0 | random.nextInt(2));
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }
}
