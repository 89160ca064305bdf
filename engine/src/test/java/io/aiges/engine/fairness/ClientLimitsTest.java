package io.aiges.engine.fairness;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.ClientLimitConfig;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientLimitsTest {
    private static final ClientId A = ClientId.of("A", "10.0.0.1");
    private static final ClientId B = ClientId.of("B", "10.0.0.1");
    private final long[] now = {0};

    private ClientLimits limits(int sessions, int requests, int clients) {
        return new ClientLimits("svc", new ClientLimitConfig(sessions, requests), clients, () -> now[0]);
    }

    @Test
    void aClientOverItsRateIsRefusedWhileAnotherIsServed() {
        ClientLimits limits = limits(0, 3, 100);
        for (int i = 0; i < 3; i++) {
            limits.admitRequest(A);
        }
        assertThatThrownBy(() -> limits.admitRequest(A)).isInstanceOfSatisfying(AigesException.class, e -> {
            assertThat(e.error()).isEqualTo(AigesError.CLIENT_LIMITED);
            assertThat(e.code()).isEqualTo(10110);
            assertThat(e.error().kind()).isEqualTo(AigesError.Kind.BUSY);
            assertThat(e.getMessage()).contains("appid A", "3 requests in a second", "maxRequestsPerClient");
        });
        limits.admitRequest(B);
        assertThat(limits.refusedRequests()).isEqualTo(1);
        now[0] += TimeUnit.MILLISECONDS.toNanos(340);
        limits.admitRequest(A);
    }

    @Test
    void aClientHoldingItsSessionsIsRefusedOneMoreUntilOneEnds() {
        ClientLimits limits = limits(2, 0, 100);
        Runnable first = limits.admitSession(A);
        limits.admitSession(A);
        assertThatThrownBy(() -> limits.admitSession(A)).isInstanceOfSatisfying(AigesException.class, e -> {
            assertThat(e.code()).isEqualTo(10110);
            assertThat(e.getMessage()).contains("appid A", "2 sessions", "maxSessionsPerClient");
        });
        limits.admitSession(B);
        assertThat(limits.refusedSessions()).isEqualTo(1);
        first.run();
        first.run();
        assertThat(limits.sessionsOf(A)).as("a second end gives nothing back twice").isEqualTo(1);
        limits.admitSession(A).run();
        assertThat(limits.sessionsOf(A)).isEqualTo(1);
    }

    @Test
    void aClientWithoutSessionsLeavesNoEntry() {
        ClientLimits limits = limits(1, 0, 100);
        for (int i = 0; i < 10_000; i++) {
            limits.admitSession(ClientId.of("client-" + i, null)).run();
        }
        Runnable held = limits.admitSession(A);
        assertThat(limits.clientsWithSessions()).as("only clients holding a session have an entry").isEqualTo(1);
        held.run();
        assertThat(limits.clientsWithSessions()).isZero();
    }

    @Test
    void aFloodOfDistinctClientsKeepsTheTableBounded() {
        ClientLimits limits = limits(0, 5, 1000);
        for (int i = 0; i < 100_000; i++) {
            limits.admitRequest(ClientId.of(null, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
            now[0] += 1000;
        }
        assertThat(limits.trackedClients()).isEqualTo(1000);
        now[0] += TimeUnit.SECONDS.toNanos(1);
        limits.admitRequest(A);
        assertThat(limits.trackedClients()).as("buckets idle for a second are full again, and forgotten").isEqualTo(1);
    }

    /** What the bound costs: past it, the client seen longest ago starts over with a full bucket. */
    @Test
    void pastTheCapTheClientSeenLongestAgoStartsOver() {
        ClientLimits limits = limits(0, 1, 2);
        limits.admitRequest(A);
        assertThatThrownBy(() -> limits.admitRequest(A)).isInstanceOf(AigesException.class);
        limits.admitRequest(B);
        limits.admitRequest(ClientId.of("C", null));
        limits.admitRequest(A);
        assertThat(limits.trackedClients()).isEqualTo(2);
    }

    @Test
    void offByDefaultAndNeverForTheServersOwnWork() {
        ClientLimits off = new ClientLimits("svc", ClientLimitConfig.OFF);
        for (int i = 0; i < 10_000; i++) {
            off.admitRequest(A);
            off.admitSession(A);
        }
        ClientLimits strict = limits(1, 1, 10);
        for (int i = 0; i < 100; i++) {
            strict.admitRequest(ClientId.IN_PROCESS);
            strict.admitSession(ClientId.IN_PROCESS);
        }
        assertThat(strict.refusedRequests() + strict.refusedSessions()).isZero();
    }

    @Test
    void theAppidNamesTheClientElseTheAddress() {
        assertThat(ClientId.of(" A ", "10.0.0.1")).isEqualTo(A);
        assertThat(ClientId.of("", "10.0.0.1").key()).isEqualTo("address 10.0.0.1");
        assertThat(ClientId.of(null, null).key()).isEqualTo("address unknown");
        assertThat(ClientId.of("x".repeat(1_000_000), null).key()).hasSize("appid ".length() + ClientId.MAX_APPID);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientLimitConfig(-1, 0)).withMessageContaining("sessions");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientLimitConfig(0, -1)).withMessageContaining("requests");
    }
}
