package io.aiges.cli.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchUrlTest {

    @Test
    void readsTheThreeFrontEnds() {
        assertThat(BenchUrl.parse("http://127.0.0.1:1888/v1/svcName"))
                .isEqualTo(new BenchUrl(BenchUrl.FrontEnd.HTTP, "127.0.0.1", 1888, "/v1/svcName"));
        assertThat(BenchUrl.parse("ws://localhost/v1/svcName"))
                .isEqualTo(new BenchUrl(BenchUrl.FrontEnd.WEBSOCKET, "localhost", 1888, "/v1/svcName"));
        assertThat(BenchUrl.parse("grpc://[::1]/svcName"))
                .isEqualTo(new BenchUrl(BenchUrl.FrontEnd.GRPC, "::1", 5090, "svcName"));
    }

    @Test
    void loopbackIsLocalhostAndTheLoopbackNetworks() {
        assertThat(BenchUrl.parse("http://127.0.0.1:1/v1/a").isLoopback()).isTrue();
        assertThat(BenchUrl.parse("http://127.3.2.1:1/v1/a").isLoopback()).isTrue();
        assertThat(BenchUrl.parse("http://[::1]:1/v1/a").isLoopback()).isTrue();
        assertThat(BenchUrl.parse("http://LocalHost:1/v1/a").isLoopback()).isTrue();
        assertThat(BenchUrl.parse("http://10.0.0.1:1/v1/a").isLoopback()).isFalse();
        assertThat(BenchUrl.parse("http://0.0.0.0:1/v1/a").isLoopback()).isFalse();
        assertThat(BenchUrl.parse("http://localhost.example.com:1/v1/a").isLoopback()).isFalse();
    }

    @Test
    void refusesWhatItCannotLoad() {
        assertThatThrownBy(() -> BenchUrl.parse("https://127.0.0.1/v1/a")).hasMessageContaining("http://, ws:// or grpc://");
        assertThatThrownBy(() -> BenchUrl.parse("http://127.0.0.1:1888")).hasMessageContaining("no path");
        assertThatThrownBy(() -> BenchUrl.parse("grpc://127.0.0.1:5090/v1/svc")).hasMessageContaining("names the service");
    }
}
