package io.aiges.server.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys rotate by editing the file: the change is seen within a second, and a broken edit locks nobody out. */
class KeysFileTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();

    private void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        // A new modification time each edit, however fast the test writes.
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-02T08:00:00Z").plusSeconds(second)));
    }

    private void pass(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void anEditIsSeenWithinASecond() throws Exception {
        Path file = dir.resolve("keys.txt");
        write(file, "alice:alice-secret\n", 0);
        KeysFile keys = KeysFile.open(file, clock::get);
        assertThat(keys.keys().nameOfKey("alice-secret")).isEqualTo("alice");

        write(file, "alice:alice-rotated\nbob:bob-secret\n", 1);
        // Not looked at again within the second...
        assertThat(keys.keys().nameOfKey("alice-secret")).isEqualTo("alice");
        pass(1);
        // ...then the new keys, and the old one no longer.
        assertThat(keys.keys().nameOfKey("alice-rotated")).isEqualTo("alice");
        assertThat(keys.keys().nameOfKey("bob-secret")).isEqualTo("bob");
        assertThat(keys.keys().nameOfKey("alice-secret")).isNull();
    }

    @Test
    void aBrokenEditOrAMissingFileKeepsTheKeysItHad() throws Exception {
        Path file = dir.resolve("keys.txt");
        write(file, "alice:alice-secret\n", 0);
        KeysFile keys = KeysFile.open(file, clock::get);

        write(file, "alice alice-secret\n", 1);
        pass(1);
        assertThat(keys.keys().nameOfKey("alice-secret")).isEqualTo("alice");

        Files.delete(file);
        pass(1);
        assertThat(keys.keys().nameOfKey("alice-secret")).isEqualTo("alice");

        write(file, "carol:carol-secret\n", 2);
        pass(1);
        assertThat(keys.keys().nameOfKey("carol-secret")).isEqualTo("carol");
        assertThat(keys.keys().nameOfKey("alice-secret")).isNull();
    }

    @Test
    void aFileThatCannotBeUsedStopsTheStart() throws Exception {
        Path file = dir.resolve("keys.txt");
        assertThatThrownBy(() -> KeysFile.open(file, clock::get)).hasMessageContaining("cannot be read");
        write(file, "just-a-secret\n", 0);
        assertThatThrownBy(() -> KeysFile.open(file, clock::get)).hasMessageEndingWith("keys.txt:1: expected NAME:SECRET");
    }
}
