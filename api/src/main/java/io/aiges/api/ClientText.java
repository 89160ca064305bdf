package io.aiges.api;

/**
 * How a value the client sent is shown in an error message: whole when short, else its start and
 * its length. A message that echoed a whole value once carried a 1 GB string back to the client
 * (24 s of writing); one this short still tells a user which value was wrong.
 *
 * <pre>{@code
 * throw new WrapperException(ErrorCodes.INVALID_PARAM_VALUE,
 *         "parameter 'rate' must be 8000 or 16000, got '" + ClientText.cut(value) + "'");
 * }</pre>
 */
public final class ClientText {
    /** The characters of a value shown before it is cut. */
    public static final int SHOWN = 64;

    private ClientText() {
    }

    /** {@code text} itself when at most {@link #SHOWN} characters, else its first ones and {@code "… (N chars)"}. */
    public static String cut(String text) {
        if (text == null || text.length() <= SHOWN) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        return text.substring(0, end) + "… (" + text.length() + " chars)";
    }
}
