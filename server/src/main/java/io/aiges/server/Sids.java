package io.aiges.server;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Session ids of one-shot requests: random version-4 UUIDs from a thread-local generator.
 * {@link UUID#randomUUID()} draws from the one shared {@code SecureRandom}, which costs a lock
 * and microseconds per request on a busy server; a one-shot sid only names the request in
 * answers and logs, and nobody addresses a request by it, so it needs to be unique, not
 * unguessable. Streaming sessions, which clients do address by sid, keep {@code randomUUID}.
 */
public final class Sids {
    private Sids() {
    }

    /** A sid for a one-shot request (HTTP, gRPC {@code Once}, OIP REST and gRPC). */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;                          // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
