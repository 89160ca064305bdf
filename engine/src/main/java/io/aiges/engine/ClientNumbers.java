package io.aiges.engine;

import io.aiges.api.ClientText;

import java.math.BigDecimal;

/**
 * Which numbers a client may send: those whose plain decimal form (how engines get numbers,
 * {@code 1E+3} as {@code "1000"}) has at most {@link #MAX_PLAIN_CHARS} characters. Checked from the
 * number's precision and scale, or its raw text, before any arbitrary-precision work: writing out
 * {@code 1e5000000} took 4.5 s of an event loop, {@code 1e999999999} overflowed BigInteger, and
 * {@code -1e-999999999} became a 1 GB string. Every front-end asks here, so the bound is one.
 */
public final class ClientNumbers {
    /** Room for the longest number JSON parsers accept (1000 digits) and a point and zeros besides. */
    public static final int MAX_PLAIN_CHARS = 1100;

    private ClientNumbers() {
    }

    /** Whether the value's plain decimal form has at most {@link #MAX_PLAIN_CHARS} characters. */
    public static boolean fits(BigDecimal value) {
        return plainLength(value.precision(), value.scale()) <= MAX_PLAIN_CHARS;
    }

    /** {@code value} itself when it {@link #fits}; else the 10107 naming {@code where}. */
    public static BigDecimal checked(BigDecimal value, String where) {
        if (!fits(value)) {
            throw tooLong(where, value.toString());
        }
        return value;
    }

    /** The value in plain decimal, digits as written ({@code 1.50} stays {@code "1.50"}), once it {@link #fits}. */
    public static String plain(BigDecimal value, String where) {
        checked(value, where);
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }

    /** The number a text such as {@code "0.5"} or {@code "1e3"} is, or null when it is none or does not fit. */
    public static BigDecimal parse(String text) {
        // Longer texts would be parsed, in time quadratic in their length, only to be refused.
        if (text.length() > MAX_PLAIN_CHARS + 16) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            return fits(value) ? value : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /**
     * Whether a JSON number's raw text (a parser's buffer) {@link #fits}, read from its digits and
     * exponent without converting it: for readers that take numbers as doubles, one per element.
     * Agrees with {@code fits(new BigDecimal(text))} for every JSON number.
     */
    public static boolean fits(char[] text, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (i < end && (text[i] == '-' || text[i] == '+')) {
            i++;
        }
        long digits = 0;
        long significant = 0;
        long fraction = 0;
        boolean afterPoint = false;
        for (; i < end && text[i] != 'e' && text[i] != 'E'; i++) {
            char c = text[i];
            if (c == '.') {
                afterPoint = true;
                continue;
            }
            digits++;
            if (significant > 0 || c != '0') {
                significant++;
            }
            if (afterPoint) {
                fraction++;
            }
        }
        long exponent = 0;
        if (i < end) {
            i++;
            boolean negative = i < end && text[i] == '-';
            if (i < end && (text[i] == '-' || text[i] == '+')) {
                i++;
            }
            for (; i < end; i++) {
                exponent = exponent * 10 + (text[i] - '0');
                if (exponent > Integer.MAX_VALUE) {
                    return false;
                }
            }
            exponent = negative ? -exponent : exponent;
        }
        return digits > 0 && plainLength(Math.max(1, significant), fraction - exponent) <= MAX_PLAIN_CHARS;
    }

    /** A client number's refusal, showing the number as sent (or in scientific form), cut short. */
    public static AigesException tooLong(String where, String shown) {
        return AigesError.INVALID_PARAM_VALUE.exception(where + " is a number of more than " + MAX_PLAIN_CHARS
                + " characters in plain decimal (" + ClientText.cut(shown) + "); send such a value as a string");
    }

    /**
     * The refusal of a number whose exponent does not even fit a decimal's int scale
     * ({@code 0.0e-99999999999}): a JSON parser refuses to read it, not naming where it is.
     */
    public static AigesException overflowing(String where) {
        return AigesError.INVALID_PARAM_VALUE.exception(where + " has a number whose exponent is out of range; numbers"
                + " must fit in " + MAX_PLAIN_CHARS + " characters of plain decimal, send others as strings");
    }

    /** Characters of the plain form, sign aside: all digits and the zeros a negative scale adds, or a point and the fraction. */
    private static long plainLength(long precision, long scale) {
        return scale <= 0 ? precision - scale : Math.max(precision, scale + 1) + 1;
    }
}
