package io.aiges.server.http;

import io.aiges.engine.AigesError;

/**
 * The HTTP status for an AIGES error: 4xx for the client's mistakes, 429 when busy, 504 when the
 * engine was too slow, 500 only for faults of the server or its engine. (The original answers 500
 * for everything, which makes retries and alerting guesswork.)
 */
public final class HttpStatusOf {
    private HttpStatusOf() {
    }

    public static int of(AigesError error) {
        return switch (error.kind()) {
            case OK -> 200;
            case CLIENT -> 400;
            case UNAUTHENTICATED -> 401;
            case NOT_FOUND -> 404;
            case BUSY -> 429;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            case SERVER -> 500;
        };
    }
}
