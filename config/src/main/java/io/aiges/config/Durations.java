package io.aiges.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar for a duration written as text, in {@code aiges.toml} and on the command line:
 * a number (whole or decimal, never negative) and a unit, {@code us} (or {@code µs}),
 * {@code ms}, {@code s}, {@code m} or {@code h}, case and a space between them not minding.
 * What a bare number means is the caller's: seconds on a command line ({@code -d 30}),
 * microseconds for {@code [batching] maxBatchDelay} (as Triton's {@code max_queue_delay_microseconds}).
 *
 * <pre>{@code
 * Durations.parse("2m");                                            // PT2M
 * Durations.parse("750", ChronoUnit.MICROS, "a delay such as \"500us\""); // PT0.00075S
 * }</pre>
 */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,30}(?:\\.\\d{1,9})?)\\s*(us|µs|ms|s|m|h)?");
    private static final Map<String, ChronoUnit> UNITS = Map.of("us", ChronoUnit.MICROS, "µs", ChronoUnit.MICROS,
            "ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS);
    /** Past this, Duration arithmetic elsewhere (deadlines, nanoTime sums) would overflow: ~292 years. */
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /** A duration as people type it on a command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public static Duration parse(String text) {
        return parse(text, ChronoUnit.SECONDS, "a duration such as 500ms, 30s, 2m or 1h");
    }

    /**
     * @param bareNumber what a number without a unit counts
     * @param expected   what the caller's messages say it expects ({@code "a delay such as \"2ms\""})
     * @throws IllegalArgumentException "expected EXPECTED, got "TEXT"", or that the duration is too long
     */
    public static Duration parse(String text, ChronoUnit bareNumber, String expected) {
        Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected " + expected + ", got \"" + text + "\"");
        }
        ChronoUnit unit = m.group(2) == null ? bareNumber : UNITS.get(m.group(2));
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit.getDuration().toNanos()))
                .setScale(0, RoundingMode.HALF_UP);
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration (at most 292 years)");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** {@code duration} as {@link #parse(String)} reads it back: whole seconds as {@code 30s}, else milliseconds. */
    public static String show(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
