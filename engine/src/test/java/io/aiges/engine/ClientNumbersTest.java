package io.aiges.engine;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientNumbersTest {
    @Test
    void ordinaryNumbersAreWrittenAsSent() {
        assertThat(ClientNumbers.plain(new BigDecimal("0.1"), "p")).isEqualTo("0.1");
        assertThat(ClientNumbers.plain(new BigDecimal("1.50"), "p")).isEqualTo("1.50");
        assertThat(ClientNumbers.plain(new BigDecimal("1E+3"), "p")).isEqualTo("1000");
        assertThat(ClientNumbers.plain(new BigDecimal("-2.5e-3"), "p")).isEqualTo("-0.0025");
    }

    @Test
    void hugeExponentsAreRefusedAtOnceWithAShortMessage() {
        for (String huge : new String[]{"1e5000000", "1e999999999", "-1e-999999999", "1E+2147483647"}) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ClientNumbers.plain(new BigDecimal(huge), "header.p"))
                    .isInstanceOfSatisfying(AigesException.class, e -> {
                        assertThat(e.error()).isEqualTo(AigesError.INVALID_PARAM_VALUE);
                        assertThat(e.getMessage()).startsWith("header.p is a number").hasSizeLessThan(300);
                    });
            assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        }
    }

    @Test
    void anExponentBeyondAnIntIsRefusedSayingWhy() {
        assertThat(ClientNumbers.overflowing("the request body").getMessage())
                .startsWith("the request body has a number whose exponent is out of range").contains("1100");
    }

    @Test
    void theBoundIsThePlainFormsLength() {
        assertThat(ClientNumbers.fits(new BigDecimal("1e" + (ClientNumbers.MAX_PLAIN_CHARS - 1)))).isTrue();
        assertThat(ClientNumbers.fits(new BigDecimal("1e" + ClientNumbers.MAX_PLAIN_CHARS))).isFalse();
        assertThat(ClientNumbers.fits(new BigDecimal("1e-" + (ClientNumbers.MAX_PLAIN_CHARS - 2)))).isTrue();
        assertThat(ClientNumbers.fits(new BigDecimal("1e-" + (ClientNumbers.MAX_PLAIN_CHARS - 1)))).isFalse();
    }

    @Test
    void textsAreNumbersOnlyWithinTheBound() {
        assertThat(ClientNumbers.parse("0.5")).isEqualByComparingTo("0.5");
        assertThat(ClientNumbers.parse("1e999999999")).isNull();
        assertThat(ClientNumbers.parse("0.0e-99999999999")).isNull();
        assertThat(ClientNumbers.parse("1".repeat(5_000_000))).isNull();
        assertThat(ClientNumbers.parse("sixteen")).isNull();
    }

    /** Seeded: random numbers on both sides of the bound, read from text and from BigDecimal alike, plain form within it. */
    @Test
    void theRawTextAndTheDecimalAgreeOnEveryNumber() {
        Random random = new Random(20261202);
        for (int n = 0; n < 20_000; n++) {
            String text = randomNumber(random);
            char[] chars = (" " + text + " ").toCharArray();
            boolean byText = ClientNumbers.fits(chars, 1, text.length());
            BigDecimal value;
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException outOfRange) {
                assertThat(byText).as(text).isFalse();
                continue;
            }
            assertThat(byText).as(text).isEqualTo(ClientNumbers.fits(value));
            if (byText) {
                String plain = ClientNumbers.plain(value, "p");
                assertThat(plain.length() - (value.signum() < 0 ? 1 : 0)).as(text)
                        .isLessThanOrEqualTo(ClientNumbers.MAX_PLAIN_CHARS);
                assertThat(new BigDecimal(plain)).as(text).isEqualByComparingTo(value);
            } else {
                assertThatThrownBy(() -> ClientNumbers.plain(value, "p")).isInstanceOf(AigesException.class);
            }
        }
    }

    /**
     * A JSON number: sign, digits (some with leading zeros after the point), maybe a fraction,
     * maybe an exponent, mostly in [-3000, 3000], now and then far beyond an int.
     */
    static String randomNumber(Random random) {
        StringBuilder s = new StringBuilder();
        if (random.nextBoolean()) {
            s.append('-');
        }
        s.append(random.nextInt(4) == 0 ? "0" : Integer.toString(1 + random.nextInt(999_999)));
        if (random.nextBoolean()) {
            s.append('.').append("0".repeat(random.nextInt(3)));
            s.append(random.nextInt(1_000_000));
        }
        if (random.nextInt(5) > 0) {
            s.append(random.nextBoolean() ? 'e' : 'E');
            int sign = random.nextInt(5);
            s.append(sign < 2 ? "-" : sign < 4 ? "" : "+");
            s.append(random.nextInt(20) == 0 ? random.nextLong(Integer.MAX_VALUE * 4L) : random.nextInt(3001));
        }
        return s.toString();
    }
}
