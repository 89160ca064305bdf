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

    /** Frees the session; called exactly once. */
    void destroy();
}
