package io.aiges.server;

import io.aiges.api.Params;
import io.aiges.engine.fairness.ClientId;
import io.aiges.server.auth.Caller;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who a request is counted as, and what appid the engine sees: a proven name beats what the client claims. */
class FrontEndRulesTest {
    @Test
    void aProvenNameIsTheClientAndTheAppid() {
        Caller alice = new Caller("alice");
        assertThat(FrontEndRules.client(Map.of("appid", "mallory"), "10.0.0.7", alice)).isEqualTo(ClientId.named("alice"));
        assertThat(FrontEndRules.asCaller(new Params(Map.of("appid", "mallory", "lang", "en")), alice).values())
                .containsEntry("appid", "alice").containsEntry("lang", "en");
    }

    @Test
    void withoutOneTheAppidOrTheAddressCounts() {
        assertThat(FrontEndRules.client(Map.of("appid", "app1"), "10.0.0.7", Caller.ANONYMOUS))
                .isEqualTo(ClientId.of("app1", null));
        assertThat(FrontEndRules.client(Map.of(), "10.0.0.7", Caller.ANONYMOUS)).isEqualTo(ClientId.of(null, "10.0.0.7"));
        Params params = new Params(Map.of("appid", "app1"));
        assertThat(FrontEndRules.asCaller(params, Caller.ANONYMOUS)).isSameAs(params);
    }
}
