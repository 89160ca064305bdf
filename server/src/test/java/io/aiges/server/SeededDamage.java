package io.aiges.server;

import java.util.Arrays;
import java.util.Random;

/** Damage for fuzz-style tests: a body cut short, one byte changed to one of {@code replacements}, or one byte dropped. */
public final class SeededDamage {
    private SeededDamage() {
    }

    /** A damaged copy of {@code body}; the same {@code random} state gives the same damage. */
    public static byte[] of(byte[] body, Random random, String replacements) {
        int at = random.nextInt(body.length);
        return switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(body, at);
            case 1 -> {
                byte[] copy = body.clone();
                copy[at] = (byte) replacements.charAt(random.nextInt(replacements.length()));
                yield copy;
            }
            default -> {
                byte[] copy = new byte[body.length - 1];
                System.arraycopy(body, 0, copy, 0, at);
                System.arraycopy(body, at + 1, copy, at, body.length - at - 1);
                yield copy;
            }
        };
    }
}
