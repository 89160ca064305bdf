package io.aiges.config;

import io.aiges.engine.jobs.JobsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code [jobs]}: where async jobs queue, read from aiges.toml. */
class JobsConfigLoaderTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private AigesConfig load(String text) throws ConfigException {
        return new ConfigLoader(Map.of(), warnings::add).parse(text, "aiges.toml", dir, "svcName");
    }

    @Test
    void withoutAJobsSectionJobsQueueInThisProcess() throws ConfigException {
        assertThat(load("[svcName]\n").jobs()).isEqualTo(JobsConfig.DEFAULTS);
        assertThat(load(DefaultConfig.text()).jobs()).as("the default file says the defaults").isEqualTo(JobsConfig.DEFAULTS);
        assertThat(warnings).isEmpty();
    }

    @Test
    void everyJobsKeyIsRead() throws ConfigException {
        JobsConfig jobs = load("""
                [svcName]
                [jobs]
                backend = "redis"
                redis = "redis://10.0.0.5:6380/2"
                maxJobs = 50
                maxPayload = 1024
                resultTtl = 60
                claimTimeout = 2000
                maxAttempts = 5
                webhook = "http://hooks.local:8080/done"
                """).jobs();
        assertThat(jobs).isEqualTo(new JobsConfig("redis", "redis://10.0.0.5:6380/2", 50, 1024, Duration.ofSeconds(60),
                Duration.ofSeconds(2), 5, "http://hooks.local:8080/done"));
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "backend = \"rabbit\"      | [jobs] backend: expected one of memory, redis, got \"rabbit\"",
            "redis = \"127.0.0.1:6379\" | [jobs] redis: expected a Redis URI",
            "webhook = \"ftp://x/y\"    | [jobs] webhook: expected an http:// or https:// URL",
            "maxJobs = 0              | [jobs] maxJobs: expected an integer >= 1, got 0",
            "claimTimeout = 10        | [jobs] claimTimeout: expected an integer from 100",
            "maxAttempts = \"3\"        | without quotes",
    })
    void aWrongJobsValueNamesTheKeyAndWhatWasExpected(String line, String message) {
        assertThatThrownBy(() -> load("[svcName]\n[jobs]\n" + line + "\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void aMistypedJobsKeyIsWarnedAbout() throws ConfigException {
        load("[svcName]\n[jobs]\nmaxAttempt = 3\n");
        assertThat(warnings).singleElement().asString().contains("maxAttempt", "did you mean maxAttempts?");
    }
}
