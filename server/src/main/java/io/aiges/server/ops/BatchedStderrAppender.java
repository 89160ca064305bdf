package io.aiges.server.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * stderr for the access log, written in batches: lines collect in a 64 KiB buffer that goes out
 * when full, every {@value #FLUSH_MS} ms, and when the appender stops. Logback's console appender
 * makes one {@code write} system call per line, which at tens of thousands of requests per second
 * costs about as much as answering them. The buffer only ever holds whole lines, so lines never
 * interleave mid-way with other output on stderr. Used by cli's logback.xml behind the access log's queue ({@link AccessLog}).
 */
public final class BatchedStderrAppender extends OutputStreamAppender<ILoggingEvent> {
    static final long FLUSH_MS = 100;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream target;
    private ScheduledExecutorService flusher;

    public BatchedStderrAppender() {
        this(new FileOutputStream(FileDescriptor.err));
    }

    /** Writes to {@code target} instead of stderr (tests). */
    BatchedStderrAppender(OutputStream target) {
        this.target = target;
    }

    @Override
    public void start() {
        setImmediateFlush(false);
        // Stopping the appender closes its stream; stderr itself must stay open for everyone else.
        setOutputStream(new FilterOutputStream(new BufferedOutputStream(target, BUFFER_BYTES)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        });
        super.start();
        flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("aiges-access-flush").daemon(true).factory());
        flusher.scheduleWithFixedDelay(this::flushNow, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flushNow();
        super.stop();
    }

    private void flushNow() {
        OutputStream out = getOutputStream();
        if (out == null) {
            return;
        }
        streamWriteLock.lock();
        try {
            out.flush();
        } catch (IOException e) {
            addError("cannot flush the access log to stderr", e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
