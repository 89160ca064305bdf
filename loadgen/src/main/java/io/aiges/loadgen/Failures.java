package io.aiges.loadgen;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the Vert.x targets share about failures: naming them, and waiting for a close at the end of a run. */
final class Failures {
    private Failures() {
    }

    /** {@link Target#TIMEOUT} when a timeout is anywhere in the cause chain (Netty's, Vert.x's, the JDK's), else {@link Target#TRANSPORT}. */
    static String code(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("Timeout")) {
                return Target.TIMEOUT;
            }
        }
        return Target.TRANSPORT;
    }

    /**
     * Waits up to 5 s for a client or the Vert.x instance to close; called after the load has
     * stopped, never from an event loop. A close that fails or hangs is not reported: the numbers
     * are already taken, and the process is about to end.
     */
    static void awaitClose(Future<Void> closing) {
        try {
            closing.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not reported, as said above.
        }
    }
}
