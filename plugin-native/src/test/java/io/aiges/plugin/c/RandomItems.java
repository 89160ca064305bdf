package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded random request data for the round-trip property tests, in process and isolated. */
public final class RandomItems {
    private RandomItems() {
    }

    /** Up to four items: random keys, 0..4096 random bytes, any type and status, a few descriptors. */
    public static List<DataItem> items(Random random) {
        List<DataItem> items = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[random.nextInt(4097)];
            random.nextBytes(data);
            Map<String, String> descriptors = new HashMap<>();
            int n = random.nextInt(4);
            for (int d = 0; d < n; d++) {
                descriptors.put(word(random), word(random));
            }
            items.add(new DataItem(word(random), data, DataType.values()[random.nextInt(DataType.values().length)],
                    DataStatus.values()[random.nextInt(DataStatus.values().length)], descriptors));
        }
        return items;
    }

    /** A key or value: any non-NUL characters, including multi-byte ones, possibly empty. */
    public static String word(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(switch (random.nextInt(3)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x20 + random.nextInt(0x5f);
                default -> 0x4e00 + random.nextInt(0x100);
            });
        }
        return s.toString();
    }
}
