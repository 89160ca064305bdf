package io.aiges.server.http;

import io.aiges.engine.AigesException;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Base64 as clients send it, and what a client is told when it is not: the character and where, in its own terms. */
class Base64TextTest {
    private static String refusal(String text) {
        return catchThrowableOfType(AigesException.class, () -> Base64Text.decode("payload.img.image", text)).getMessage();
    }

    @Test
    void bothAlphabetsAndLineBreaksAreAccepted() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x3e, 0x7f};
        assertThat(Base64Text.decode("x", Base64.getEncoder().encodeToString(bytes))).isEqualTo(bytes);
        assertThat(Base64Text.decode("x", Base64.getUrlEncoder().encodeToString(bytes))).isEqualTo(bytes);
        assertThat(Base64Text.decode("x", "+/8+\r\nfw==")).isEqualTo(bytes);
    }

    @Test
    void aBadCharacterIsNamedWithItsOffset() {
        assertThat(refusal("aGVs@G8=")).endsWith("payload.img.image is not valid base64: character '@' (U+0040) at offset 4"
                + " is not a base64 character");
        assertThat(refusal("aGVs\u00e9G8=")).contains("character U+00E9 at offset 4");
        assertThat(refusal("aG=VsbG8")).contains("padding '=' at offset 2 is not at the end");
        assertThat(refusal("aGVsb")).contains("its 5 characters").contains("cut short");
        assertThat(refusal("ab+/cd-_")).contains("mixes the standard alphabet ('+' at offset 2) with the URL-safe one"
                + " ('-' at offset 6)");
    }

    /** Seeded random text: each decodes or is refused with 10001 and a message in the client's terms, never the JDK's. */
    @Test
    void randomTextDecodesOrIsRefusedClearly() {
        Random random = new Random(15);
        String alphabet = "ABCabc019+/-_= \n@!\u00e9";
        for (int n = 0; n < 5000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                Base64Text.decode("x", text.toString());
            } catch (AigesException e) {
                assertThat(e.code()).isEqualTo(10001);
                assertThat(e.getMessage()).as(text.toString()).doesNotContain("Illegal").doesNotContain("unit");
            }
        }
    }
}
