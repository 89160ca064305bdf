package io.aiges.jobs.redis;

/**
 * The steps of a job's life that must be atomic, as Lua scripts Redis runs in one go: a job's
 * state (its hash) and its place in the stream always change together, so two processes racing
 * for the same job (one slow, one that reclaimed it) cannot both record an answer.
 *
 * <p>Keys: {@code aiges:jobs:{service}} (the stream, entries {@code id, request, submitted}),
 * {@code aiges:jobs:{service}:dead} (dead letters), {@code aiges:job:{id}} (the job's hash:
 * {@code service, state, submitted, started, finished, attempts, code, message, answer}).
 */
final class JobScripts {
    private JobScripts() {
    }

    /** KEYS stream, hash; ARGV id, request, service, now ms, maxJobs. 1 when queued, 0 when the stream is full. */
    static final String SUBMIT = """
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[5]) then return 0 end
            redis.call('HSET', KEYS[2], 'service', ARGV[3], 'state', 'queued', 'submitted', ARGV[4], 'attempts', 0)
            redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'request', ARGV[2], 'submitted', ARGV[4])
            return 1
            """;

    /**
     * KEYS hash, stream, dead; ARGV group, entry, now ms, maxAttempts, ttl ms, dead-letter message
     * start, default reason, id, request, dead-letter bound. Returns the attempt number when the
     * job may run; -1 when it was answered already (the entry is dropped); -2 when it was taken
     * too often and is now failed and dead-lettered.
     */
    static final String START = """
            local state = redis.call('HGET', KEYS[1], 'state')
            if (not state) or state == 'done' or state == 'failed' then
              redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
              redis.call('XDEL', KEYS[2], ARGV[2])
              return -1
            end
            local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
            if attempts > tonumber(ARGV[4]) then
              redis.call('HINCRBY', KEYS[1], 'attempts', -1)
              local last = redis.call('HGET', KEYS[1], 'message')
              local code = redis.call('HGET', KEYS[1], 'code')
              if (not code) or code == '0' then code = '10109' end
              local message = ARGV[6] .. (last and ('last: ' .. last) or ARGV[7])
              redis.call('HSET', KEYS[1], 'state', 'failed', 'finished', ARGV[3], 'code', code, 'message', message)
              redis.call('PEXPIRE', KEYS[1], ARGV[5])
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[10], '*', 'id', ARGV[8], 'request', ARGV[9],
                         'code', code, 'message', message)
              redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
              redis.call('XDEL', KEYS[2], ARGV[2])
              return -2
            end
            redis.call('HSET', KEYS[1], 'state', 'running', 'started', ARGV[3])
            return attempts
            """;

    /**
     * KEYS hash, stream; ARGV group, entry, now ms, code, message, answer, ttl ms. 1 when this call
     * recorded the answer, 0 when the job was answered before. Either way the entry is done with.
     */
    static final String FINISH = """
            local state = redis.call('HGET', KEYS[1], 'state')
            redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[2], ARGV[2])
            if (not state) or state == 'done' or state == 'failed' then return 0 end
            local final = 'failed'
            if ARGV[4] == '0' then final = 'done' end
            redis.call('HSET', KEYS[1], 'state', final, 'finished', ARGV[3], 'code', ARGV[4], 'message', ARGV[5],
                       'answer', ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[7])
            return 1
            """;

    /**
     * KEYS hash, stream; ARGV group, entry, id, request, submitted, code, message. Puts a running
     * job back at the end of the stream as a new entry; 0 when it was not running any more.
     */
    static final String RETRY = """
            local state = redis.call('HGET', KEYS[1], 'state')
            if state ~= 'running' then return 0 end
            redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[2], ARGV[2])
            redis.call('XADD', KEYS[2], '*', 'id', ARGV[3], 'request', ARGV[4], 'submitted', ARGV[5])
            redis.call('HSET', KEYS[1], 'state', 'queued', 'code', ARGV[6], 'message', ARGV[7])
            return 1
            """;
}
