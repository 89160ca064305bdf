package io.aiges.loadgen;

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
    void readsTheOpenInferenceProtocolByPathOverHttpAndBySchemeOverGrpc() {
        assertThat(BenchUrl.parse("http://127.0.0.1:1888/v2/models/mnist/infer"))
                .isEqualTo(new BenchUrl(BenchUrl.FrontEnd.OIP, "127.0.0.1", 1888, "/v2/models/mnist/infer"));
        assertThat(BenchUrl.parse("http://127.0.0.1/v2/models/mnist/versions/2/infer").frontEnd())
                .isEqualTo(BenchUrl.FrontEnd.OIP);
        // Other /v2 paths are not inference: loading them the AIGES way is the user's call.
        assertThat(BenchUrl.parse("http://127.0.0.1/v2/models/mnist").frontEnd()).isEqualTo(BenchUrl.FrontEnd.HTTP);
        assertThat(BenchUrl.parse("oip+grpc://localhost/mnist"))
                .isEqualTo(new BenchUrl(BenchUrl.FrontEnd.OIP_GRPC, "localhost", 5090, "mnist"));
        assertThat(BenchUrl.parse("oip+grpc://127.0.0.1:7/mnist/3").path()).isEqualTo("mnist/3");
        assertThat(BenchUrl.parse("oip+grpc://127.0.0.1:7/mnist/3")).hasToString("oip+grpc://127.0.0.1:7/mnist/3");
        assertThat(BenchUrl.parse("http://127.0.0.1:7/v2/models/m/infer")).hasToString("http://127.0.0.1:7/v2/models/m/infer");
        assertThatThrownBy(() -> BenchUrl.parse("oip+grpc://127.0.0.1/a/b/c")).hasMessageContaining("model[/version]");
        assertThatThrownBy(() -> BenchUrl.parse("oip+grpc://127.0.0.1/a//")).hasMessageContaining("model[/version]");
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
        assertThatThrownBy(() -> BenchUrl.parse("https://127.0.0.1/v1/a")).hasMessageContaining("http://, ws://, grpc:// or oip+grpc://");
        assertThatThrownBy(() -> BenchUrl.parse("http://127.0.0.1:1888")).hasMessageContaining("no path");
        assertThatThrownBy(() -> BenchUrl.parse("grpc://127.0.0.1:5090/v1/svc")).hasMessageContaining("names the service");
    }
}
