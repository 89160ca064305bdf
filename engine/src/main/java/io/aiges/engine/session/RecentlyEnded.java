package io.aiges.engine.session;

import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * The last few session ids that ended, so a late frame is told "already ended" (10101) rather
 * than "unknown" (10008), as the original's ring of 1000 released handles does. Bounded.
 */
final class RecentlyEnded {
    private final int capacity;
    private final LinkedHashSet<String> sids = new LinkedHashSet<>();

    RecentlyEnded(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String sid) {
        sids.add(sid);
        if (sids.size() > capacity) {
            Iterator<String> oldest = sids.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    synchronized boolean contains(String sid) {
        return sids.contains(sid);
    }
}
