package io.aiges.server.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys file's lines: what is a client, and what is refused with the file and line to fix. */
class ClientKeysTest {
    @Test
    void namesComeFromTheirKeys() throws Exception {
        ClientKeys keys = ClientKeys.parse(List.of("# clients", "", "  alice : alice-secret-0001  ",
                "bob:bob:secret:with:colons"), "keys.txt");
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.nameOfKey("alice-secret-0001")).isEqualTo("alice");
        assertThat(keys.nameOfKey("bob:secret:with:colons")).isEqualTo("bob");
        assertThat(keys.nameOfKey("alice-secret-000")).isNull();
        assertThat(keys.nameOfKey("")).isNull();
        assertThat(keys.nameOfKey("x".repeat(1_000_000))).isNull();
        assertThat(keys.secretOf("alice")).asString().isEqualTo("alice-secret-0001");
        assertThat(keys.secretOf("carol")).isNull();
    }

    @Test
    void badLinesNameTheFileAndLine() {
        assertThatThrownBy(() -> ClientKeys.parse(List.of("# c", "alice"), "keys.txt"))
                .hasMessage("keys.txt:2: expected NAME:SECRET");
        assertThatThrownBy(() -> ClientKeys.parse(List.of("al ice:secret"), "keys.txt"))
                .hasMessageStartingWith("keys.txt:1: a client name is");
        assertThatThrownBy(() -> ClientKeys.parse(List.of("alice:"), "keys.txt"))
                .hasMessageStartingWith("keys.txt:1: the secret of alice must be");
        assertThatThrownBy(() -> ClientKeys.parse(List.of("alice:a b"), "keys.txt"))
                .hasMessageStartingWith("keys.txt:1: the secret of alice must be");
        assertThatThrownBy(() -> ClientKeys.parse(List.of("alice:one", "alice:two"), "keys.txt"))
                .hasMessage("keys.txt:2: client alice is named twice");
        assertThatThrownBy(() -> ClientKeys.parse(List.of("alice:same", "bob:same"), "keys.txt"))
                .hasMessage("keys.txt:2: the secret of bob is another client's too");
        assertThatThrownBy(() -> ClientKeys.parse(List.of("alice:" + "s".repeat(513)), "keys.txt"))
                .hasMessageStartingWith("keys.txt:1: the secret of alice must be 1 to 512");
    }
}
