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
                throw AigesError.PAYLOAD_CONVERSION.exception(where + " is not valid base64: " + problem(text));
            }
        }
    }

    /**
     * What is wrong, in the client's terms: the first character that is in neither alphabet and
     * where it is (the JDK says "Illegal base64 character 40", the 40 being hex), padding before
     * the end, or a length that does not come out even.
     */
    static String problem(String text) {
        int significant = 0;
        int standardOnly = -1;
        int urlOnly = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (c == '=') {
                String rest = text.substring(i).replaceAll("\\s", "");
                if (!rest.matches("={1,2}")) {
                    return "padding '=' at offset " + i + " is not at the end";
                }
                break;
            }
            boolean inAlphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '-' || c == '_';
            if (!inAlphabet) {
                return "character " + shown(c) + " at offset " + i + " is not a base64 character";
            }
            if (c == '+' || c == '/') {
                standardOnly = standardOnly < 0 ? i : standardOnly;
            } else if (c == '-' || c == '_') {
                urlOnly = urlOnly < 0 ? i : urlOnly;
            }
            significant++;
        }
        if (standardOnly >= 0 && urlOnly >= 0) {
            return "it mixes the standard alphabet ('" + text.charAt(standardOnly) + "' at offset " + standardOnly
                    + ") with the URL-safe one ('" + text.charAt(urlOnly) + "' at offset " + urlOnly + ")";
        }
        return "its " + significant + " characters (spaces and padding aside) do not make whole bytes:"
                + " the text is cut short or has a character too many";
    }

    private static String shown(char c) {
        String code = String.format("U+%04X", (int) c);
        return c >= 0x21 && c < 0x7f ? "'" + c + "' (" + code + ")" : code;
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
