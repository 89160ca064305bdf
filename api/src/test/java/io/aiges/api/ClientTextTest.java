package io.aiges.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTextTest {
    @Test
    void aShortValueIsShownWhole() {
        assertThat(ClientText.cut("16000")).isEqualTo("16000");
        assertThat(ClientText.cut("x".repeat(ClientText.SHOWN))).isEqualTo("x".repeat(ClientText.SHOWN));
        assertThat(ClientText.cut(null)).isNull();
    }

    @Test
    void aLongValueIsShownByItsStartAndLength() {
        assertThat(ClientText.cut("7".repeat(1_000_000)))
                .isEqualTo("7".repeat(ClientText.SHOWN) + "… (1000000 chars)");
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String text = "a".repeat(ClientText.SHOWN - 1) + "😀".repeat(10);
        assertThat(ClientText.cut(text)).startsWith("a".repeat(ClientText.SHOWN - 1) + "… (");
    }
}
