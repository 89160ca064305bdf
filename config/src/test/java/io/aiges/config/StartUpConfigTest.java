package io.aiges.config;

import io.aiges.engine.config.ReadyWhen;
import io.aiges.engine.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a service starts: {@code [fc] readyWhen}, {@code [aiges] engineStartTimeout}, {@code [engine] devices}. */
class StartUpConfigTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private ServiceConfig service(String text) throws ConfigException {
        return new ConfigLoader(Map.of(), warnings::add)
                .parse("[svcName]\n[engine]\nform = \"python\"\n" + text, "aiges.toml", dir, "svcName").service();
    }

    @Test
    void byDefaultAServiceIsReadyWithAllItsInstancesAndLeavesDevicesAndTheTimeoutToTheForm() throws ConfigException {
        ServiceConfig service = service("");
        assertThat(service.pool().readyWhen()).isEqualTo(ReadyWhen.ALL);
        assertThat(service.engine().options()).doesNotContainKeys("devices", "engineStartTimeout");
    }

    @Test
    void everyKeyIsReadAndKnown() throws ConfigException {
        ServiceConfig service = service("devices = [\"0\", 1, \"GPU-5e3a\"]\n[fc]\nreadyWhen = \"first\"\n"
                + "[aiges]\nengineStartTimeout = 30000\n");
        assertThat(service.pool().readyWhen()).isEqualTo(ReadyWhen.FIRST);
        assertThat(service.engine().options()).containsEntry("devices", "0 1 GPU-5e3a")
                .containsEntry("engineStartTimeout", "30000");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aWrongValueNamesItsLineAndWhatIsExpected() {
        assertThatThrownBy(() -> service("[fc]\nreadyWhen = \"some\"\n"))
                .hasMessage("aiges.toml:5: [fc] readyWhen: expected \"all\" (start-up waits for every instance)"
                        + " or \"first\" (serve once one is up), got \"some\"");
        assertThatThrownBy(() -> service("devices = \"0,1\"\n"))
                .hasMessageContaining("aiges.toml:4: [engine] devices: expected a list of device ids")
                .hasMessageEndingWith("got \"0,1\"");
        assertThatThrownBy(() -> service("devices = [\"0\", \"a b\"]\n"))
                .hasMessageEndingWith("got \"a b\"");
        assertThatThrownBy(() -> service("[aiges]\nengineStartTimeout = 0\n"))
                .hasMessageContaining("aiges.toml:5: [aiges] engineStartTimeout: expected an integer from 1 to 31536000000, got 0");
    }
}
