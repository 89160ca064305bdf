package io.aiges.config;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers in {@code [wrapper]} reach the engine in plain decimal, whatever way TOML spells them:
 * never an exponent, never Go's {@code 'b'} format (the original's bug 3).
 */
class WrapperNumbersTest {

    private static final long SEED = 0x5EED_A1_6E5L;

    @TempDir
    Path dir;

    static LongStream seeds() {
        return new Random(SEED).longs(300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void integersArePlainDecimal(long seed) throws ConfigException {
        Random random = new Random(seed);
        long value = switch (random.nextInt(3)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextLong();
            default -> random.nextInt(1000) - 500;
        };
        String expected = Long.toString(value);

        assertThat(readBack(spellInteger(value, random))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void doublesArePlainDecimal(long seed) throws ConfigException {
        Random random = new Random(seed);
        double value = switch (random.nextInt(3)) {
            case 0 -> random.nextDouble();
            case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
            default -> Double.longBitsToDouble(random.nextLong());
        };
        if (!Double.isFinite(value)) {
            value = random.nextGaussian();
        }
        String text = Double.toString(value);
        String expected = plain(new BigDecimal(text));

        assertThat(readBack(random.nextBoolean() ? text : text.toLowerCase(Locale.ROOT)))
                .isEqualTo(expected)
                .doesNotContainIgnoringCase("e");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void decimalsKeepTheDigitsWritten(long seed) throws ConfigException {
        Random random = new Random(seed);
        BigDecimal value = new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(41) - 20);
        String text = switch (random.nextInt(3)) {
            case 0 -> value.toString();
            case 1 -> value.unscaledValue() + "e" + (-value.scale());
            default -> value.scale() > 0 ? value.toPlainString() : value.toPlainString() + ".0";
        };

        assertThat(readBack(text)).isEqualTo(plain(value)).doesNotContainIgnoringCase("e");
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** The integer as TOML allows writing it: decimal, with underscores, or hex/octal/binary when positive. */
    private static String spellInteger(long value, Random random) {
        if (value < 0) {
            return Long.toString(value);
        }
        return switch (random.nextInt(5)) {
            case 0 -> "0x" + Long.toHexString(value);
            case 1 -> "0o" + Long.toOctalString(value);
            case 2 -> "0b" + Long.toBinaryString(value);
            case 3 -> "+" + value;
            default -> Long.toString(value).replaceAll("(\\d)(?=(\\d{3})+$)", "$1_");
        };
    }

    private String readBack(String tomlNumber) throws ConfigException {
        AigesConfig config = new ConfigLoader(Map.of(), w -> { })
                .parse("[svcName]\n[wrapper]\nvalue = " + tomlNumber + "\n", "aiges.toml", dir, "svcName");
        return config.service().engine().config().get("value");
    }
}
