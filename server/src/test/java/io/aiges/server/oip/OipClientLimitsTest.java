package io.aiges.server.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.config.ClientLimitConfig;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OIP requests carry no appid: over {@code [fc] maxRequestsPerClient}, the address is refused with 429, 10110. */
class OipClientLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"inputs\": [{\"name\": \"t\", \"datatype\": \"INT32\", \"shape\": [1], \"data\": [7]}]}";

    private static HttpResponse<String> infer(HttpClient client, int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/echo/infer"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAddressOverItsRateGets429WhileAnotherIsServed() throws Exception {
        try (AigesServer server = OipServer.start(List.of(OipServer.echo().withClientLimits(new ClientLimitConfig(0, 1))),
                null, false);
             HttpClient here = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             HttpClient elsewhere = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .localAddress(InetAddress.getByName("127.0.0.2")).build()) {
            assertThat(infer(here, server.httpPort()).statusCode()).isEqualTo(200);
            HttpResponse<String> over = infer(here, server.httpPort());
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.headers().firstValue("retry-after")).isPresent();
            assertThat(JSON.readTree(over.body()).get("error").asText())
                    .contains("address 127.0.0.1", "[fc] maxRequestsPerClient");
            assertThat(infer(elsewhere, server.httpPort()).statusCode()).as("another address").isEqualTo(200);
        }
    }
}
