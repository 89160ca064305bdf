package io.aiges.server.http;

import io.aiges.engine.AigesError;

import java.util.Base64;

/** Base64 as clients really send it: line breaks tolerated, standard or URL-safe alphabet. */
final class Base64Text {
    private Base64Text() {
    }

    static byte[] decode(String where, String text) {
        String compact = stripWhitespace(text);
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException standard) {
            try {
                return Base64.getUrlDecoder().decode(compact);
            } catch (IllegalArgumentException urlSafe) {
                throw AigesError.PAYLOAD_CONVERSION.exception(where + " is not valid base64: " + standard.getMessage());
            }
        }
    }

    private static String stripWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                StringBuilder out = new StringBuilder(text.length());
                text.chars().filter(c -> !Character.isWhitespace(c)).forEach(c -> out.append((char) c));
                return out.toString();
            }
        }
        return text;
    }
}
