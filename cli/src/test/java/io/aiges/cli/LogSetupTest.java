package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.config.LogConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** [log] file: its folders are created, lines carry the sid, files roll by size and count, JSON on request. */
class LogSetupTest {
    @TempDir
    Path dir;

    @AfterEach
    void detachFileAppender() {
        LogSetup.detachFile();
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

    @Test
    void jsonFormatWritesOneObjectPerLineWithTheSid() throws Exception {
        Path file = dir.resolve("json/aiges.log");
        LogSetup.apply(new LogConfig("info", file, 1, 2, true));
        try (MDC.MDCCloseable sid = MDC.putCloseable("sid", "sid-json")) {
            LoggerFactory.getLogger("aiges.access").info("service={} code={}", "svcName", 0);
            LoggerFactory.getLogger("engine").warn("a \"quoted\" word\nand a second line");
        }
        detachFileAppender();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines).allSatisfy(line -> assertThat(line.at("/mdc/sid").asText()).isEqualTo("sid-json"));
        assertThat(lines).extracting(line -> line.get("formattedMessage").asText())
                .containsExactlyInAnyOrder("service=svcName code=0", "a \"quoted\" word\nand a second line");
        assertThat(lines).extracting(line -> line.get("level").asText()).containsExactlyInAnyOrder("INFO", "WARN");
    }
}
