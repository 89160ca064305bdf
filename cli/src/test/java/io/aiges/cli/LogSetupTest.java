package io.aiges.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.aiges.engine.config.LogConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** [log] file: its folders are created, lines carry the sid, files roll by size and count. */
class LogSetupTest {
    @TempDir
    Path dir;

    @AfterEach
    void detachFileAppender() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("FILE") != null) {
            root.getAppender("FILE").stop();
            root.detachAppender("FILE");
        }
    }

    @Test
    void writesToAFileInFoldersItCreatesWithTheSidOnEachLine() throws Exception {
        Path file = dir.resolve("not/yet/there/aiges.log");
        LogSetup.apply(new LogConfig("info", file, 1, 2));
        try (MDC.MDCCloseable sid = MDC.putCloseable("sid", "sid-1234")) {
            LoggerFactory.getLogger("aiges.access").info("service=svcName code=0");
        }
        LoggerFactory.getLogger("test").debug("below the level");
        detachFileAppender();
        String text = Files.readString(file);
        assertThat(text).contains("sid-1234 - service=svcName code=0").doesNotContain("below the level");
    }

    @Test
    void rollsBySizeKeepingCountFiles() throws Exception {
        Path file = dir.resolve("roll.log");
        LogSetup.apply(new LogConfig("info", file, 1, 2));
        String line = "x".repeat(1000);
        org.slf4j.Logger log = LoggerFactory.getLogger("roll");
        // Logback checks the size at most once a second or so: write over 1 MB, pause, write again.
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 1200; i++) {
                log.info(line);
            }
            Thread.sleep(1100);
            log.info("after the pause {}", round);
        }
        detachFileAppender();
        assertThat(file).exists();
        assertThat(dir.resolve("roll.log.1")).exists();
        assertThat(dir.resolve("roll.log.2")).exists();
        assertThat(dir.resolve("roll.log.3")).as("only [log] count rolled files are kept").doesNotExist();
    }
}
