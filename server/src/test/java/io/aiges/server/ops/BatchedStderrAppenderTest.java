package io.aiges.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's stderr: lines go out in batches, soon after they are written, whole, and stderr stays open. */
class BatchedStderrAppenderTest {

    /** A stand-in for stderr that counts its write calls and notices a close. */
    private static final class Target extends ByteArrayOutputStream {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            super.write(b, off, len);
        }

        @Override
        public void close() {
            closed.set(true);
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    private static BatchedStderrAppender appender(Target target) {
        LoggerContext context = CONTEXT;
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        BatchedStderrAppender appender = new BatchedStderrAppender(target);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    /** The test JVM's own context: it carries the MDC adapter events read. */
    private static final LoggerContext CONTEXT = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

    private static LoggingEvent event(String message) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerContext(CONTEXT);
        event.setLevel(Level.INFO);
        event.setLoggerName("aiges.access");
        event.setMessage(message);
        event.setTimeStamp(System.currentTimeMillis());
        return event;
    }

    @Test
    void manyLinesGoOutInFewWritesSoonAfterwards() throws Exception {
        Target target = new Target();
        BatchedStderrAppender appender = appender(target);
        for (int i = 0; i < 1000; i++) {
            appender.doAppend(event("line " + i));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!target.text().contains("line 999\n") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(target.text()).startsWith("line 0\nline 1\n").contains("line 999\n");
        assertThat(target.text().lines()).hasSize(1000);
        assertThat(target.writes.get()).as("write calls for 1000 lines").isLessThan(20);
        appender.stop();
    }

    @Test
    void stoppingWritesOutTheRestAndLeavesStderrOpen() {
        Target target = new Target();
        BatchedStderrAppender appender = appender(target);
        appender.doAppend(event("last words"));
        appender.stop();
        assertThat(target.text()).isEqualTo("last words\n");
        assertThat(target.closed).as("stderr closed").isFalse();
    }
}
