package io.aiges.loadgen;

/**
 * How streaming targets run a session. {@code grpcStream} makes a {@code grpc://} URL use the
 * {@code Stream} call (one session per request) instead of {@code Once}. {@code frames} above 0
 * makes every session send the body as that many frames in lockstep and time each frame's round
 * trip; 0 sends the body's lines as the frames, all at once, and times only the whole session.
 */
public record Sessions(boolean grpcStream, int frames) {
    /** One-shot gRPC; a WebSocket session sends the body's lines. */
    public static final Sessions DEFAULT = new Sessions(false, 0);

    public Sessions {
        if (frames < 0) {
            throw new IllegalArgumentException("--frames: expected at least 1, got " + frames);
        }
    }

    /** Whether requests to {@code url} are streaming sessions. */
    boolean streams(BenchUrl url) {
        return url.frontEnd() == BenchUrl.FrontEnd.WEBSOCKET || (url.frontEnd() == BenchUrl.FrontEnd.GRPC && grpcStream);
    }

    /** The frames each session sends. */
    StreamFrames framesOf(byte[] body) {
        return frames > 0 ? StreamFrames.repeated(body, frames) : StreamFrames.lines(body);
    }
}
