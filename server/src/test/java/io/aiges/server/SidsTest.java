package io.aiges.server;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One-shot sids are version-4 UUIDs in their usual text form, and do not repeat. */
class SidsTest {
    @Test
    void sidsAreDistinctVersionFourUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String sid = Sids.next();
            assertThat(sid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(seen.add(sid)).as("repeated sid %s", sid).isTrue();
        }
    }
}
