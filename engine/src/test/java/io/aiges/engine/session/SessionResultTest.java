package io.aiges.engine.session;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The status a session's answer reports: 1 while partial, 2 for the last, whatever the engine marked its items. */
class SessionResultTest {
    private static DataItem item(DataStatus status) {
        return new DataItem("result", new byte[]{'x'}, DataType.TEXT, status, Map.of());
    }

    @Test
    void partialAnswersAreContinueEvenWhenTheEngineSaysBegin() {
        assertThat(SessionResult.of("s", List.of(item(DataStatus.BEGIN))).status()).isEqualTo(DataStatus.CONTINUE);
        assertThat(SessionResult.of("s", List.of(item(DataStatus.CONTINUE))).status()).isEqualTo(DataStatus.CONTINUE);
        assertThat(SessionResult.of("s", List.of()).status()).isEqualTo(DataStatus.CONTINUE);
        // Each item keeps the engine's own status.
        assertThat(SessionResult.of("s", List.of(item(DataStatus.BEGIN))).outputs().getFirst().status())
                .isEqualTo(DataStatus.BEGIN);
    }

    @Test
    void theLastAnswerIsEnd() {
        SessionResult last = SessionResult.of("s", List.of(item(DataStatus.BEGIN), item(DataStatus.END)));
        assertThat(last.status()).isEqualTo(DataStatus.END);
        assertThat(last.finished()).isTrue();
        assertThat(SessionResult.of("s", List.of(item(DataStatus.ONCE))).status()).isEqualTo(DataStatus.END);
    }
}
