package io.aiges.api;

import java.util.List;

/**
 * A streaming session on one engine instance (the C ABI's {@code wrapperWrite} /
 * {@code wrapperRead} / {@code wrapperDestroy}). aiges calls it from one thread at a time, in
 * order: {@code write} for every incoming frame, {@code read} to collect what is ready, and
 * {@code destroy} exactly once at the end, whatever ended the session.
 */
public interface WrapperSession {

    /** Feeds one frame; items carry {@link DataStatus#BEGIN}, {@code CONTINUE} or {@code END}. */
    void write(List<DataItem> inputs) throws WrapperException;

    /** Results ready so far, possibly none; an item with status END is the last. */
    List<DataItem> read() throws WrapperException;

    /**
     * For an engine that produces results on its own threads (a speech engine's partial transcript
     * while the client is silent): aiges registers {@code resultsReady} once, right after
     * {@code create}, and the session runs it whenever results are waiting, from any thread (an
     * engine thread, even while {@code write} runs). It is only a wake-up: aiges then calls
     * {@link #read()} on its own engine thread, in order with the frames' writes and reads, so a
     * result is delivered once, numbered and checked like any other. It returns at once and never
     * throws; a wake-up with nothing to read, or after the session ended, is harmless. Sessions that
     * only produce results when read keep this default, which never calls it.
     */
    default void onResultsReady(Runnable resultsReady) {
    }

    /** Frees the session; called exactly once. */
    void destroy();
}
