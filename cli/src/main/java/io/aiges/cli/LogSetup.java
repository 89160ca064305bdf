package io.aiges.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.aiges.engine.config.LogConfig;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Applies {@code [log]} to Logback: the level, and a file rolled by size keeping {@code count}
 * files, its folder created first (the original crashed on a missing log folder). stderr keeps
 * logging as configured in logback.xml. A {@code -Daiges.log.level} given on the command line
 * wins over the file, so an operator can raise the level without editing aiges.toml.
 */
final class LogSetup {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} %X{sid} - %msg%n";

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
        if (config.file() == null) {
            return;
        }
        Path file = config.file().toAbsolutePath();
        Files.createDirectories(file.getParent());

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
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

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
    }
}
