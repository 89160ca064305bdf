package io.aiges.engine.session;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The open sessions of a service by sid, and the recently ended ones for clear late-frame errors. */
public final class SessionTable {
    private static final int REMEMBERED = 1000;

    private final ConcurrentHashMap<String, StreamSession> open = new ConcurrentHashMap<>();
    private final RecentlyEnded ended = new RecentlyEnded(REMEMBERED);

    /** The open session {@code sid}; 10101 when it has ended, 10008 when it never existed. */
    public StreamSession get(String sid) {
        StreamSession session = open.get(sid);
        if (session != null) {
            return session;
        }
        if (ended.contains(sid)) {
            throw AigesError.ENG_INACTIVE.exception("session " + sid + " has already ended");
        }
        throw AigesError.INVALID_HANDLE.exception("no session " + sid);
    }

    void add(StreamSession session) {
        if (open.putIfAbsent(session.sid(), session) != null) {
            throw new AigesException(AigesError.SESS_REPEAT, "session " + session.sid() + " is already open");
        }
    }

    public boolean contains(String sid) {
        return open.containsKey(sid);
    }

    void remove(StreamSession session) {
        ended.add(session.sid());
        open.remove(session.sid(), session);
    }

    public int size() {
        return open.size();
    }

    /** Ends every open session (shutdown). */
    public void closeAll(String why) {
        List.copyOf(open.values()).forEach(session -> session.end(AigesError.ENG_INACTIVE.exception(why)));
    }
}
