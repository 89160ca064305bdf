package io.aiges.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.aiges.config.LogConfig;
import io.aiges.server.ops.AccessLog;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Applies {@code [log]} to Logback: the level, optionally JSON lines, and a file rolled by size
 * keeping {@code count} files, its folder created first (the original crashed on a missing log
 * folder). stderr keeps logging as configured in logback.xml. A {@code -Daiges.log.level} given on
 * the command line wins over the file, so an operator can raise the level without editing aiges.toml.
 *
 * <p>The access log ({@code aiges.access}, a line per request) is written by its own thread (see
 * {@link AccessLog}): requests are answered on event loops, which must not wait for a slow disk or
 * terminal. {@link #flush} writes out what is waiting before the process ends.
 */
final class LogSetup {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} %X{sid} - %msg%n";
    static final String ACCESS_LOGGER = "aiges.access";
    private static final String FILE = "FILE";

    private LogSetup() {
    }

    static void apply(LogConfig config) throws IOException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (System.getProperty("aiges.log.level") == null) {
            root.setLevel(Level.toLevel(config.level(), Level.INFO));
        }
        if (config.json()) {
            jsonOnStderr(context, root);
        }
        if (config.file() == null) {
            return;
        }
        Path file = config.file().toAbsolutePath();
        Files.createDirectories(file.getParent());

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(FILE);
        appender.setFile(file.toString());

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(config.count());
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(config.sizeMb() + "MB"));
        // Logback looks at the size once a minute by default, which lets a busy log overshoot
        // [log] size many times over; once a second costs one stat() call.
        trigger.setCheckIncrement(Duration.buildBySeconds(1));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(config.json() ? jsonEncoder(context) : patternEncoder(context));
        appender.start();
        root.addAppender(appender);

        // logback.xml keeps the access logger out of root's appenders, so it reaches the same file
        // by its own reference; under another logging configuration root's file gets it already.
        Logger accessLogger = context.getLogger(ACCESS_LOGGER);
        if (!accessLogger.isAdditive()) {
            accessLogger.addAppender(appender);
        }
    }

    /** Writes out queued lines and closes the files: call before the JVM halts. */
    static void flush() {
        AccessLog.flush();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /** Takes the file appenders away again (tests apply several configurations in one JVM). */
    static void detachFile() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        AccessLog.flush();
        stopAndDetach(context.getLogger(ACCESS_LOGGER), FILE);
        stopAndDetach(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), FILE);
    }

    private static void stopAndDetach(Logger logger, String name) {
        Appender<ILoggingEvent> appender = logger.getAppender(name);
        if (appender != null) {
            appender.stop();
            logger.detachAppender(name);
        }
    }


    /** Switches the stderr appenders of logback.xml (the general one and the access log's) to JSON lines. */
    private static void jsonOnStderr(LoggerContext context, Logger root) {
        toJson(context, root.getAppender("STDERR"));
        toJson(context, context.getLogger(ACCESS_LOGGER).getAppender("ACCESS_OUT"));
    }

    private static void toJson(LoggerContext context, Appender<ILoggingEvent> appender) {
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
            stream.stop();
            stream.setEncoder(jsonEncoder(context));
            stream.start();
        }
    }

    private static Encoder<ILoggingEvent> patternEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /** One JSON object per line: time, level, thread, logger, the MDC (with the sid), the message. */
    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
