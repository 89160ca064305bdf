package io.aiges.engine.pool;

import io.aiges.engine.AigesException;
import io.aiges.engine.config.RateLimitConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    @Test
    void aBurstGetsThePermitsThenTheOriginalsCode() {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter("svc", new RateLimitConfig(3, Duration.ofSeconds(1)), () -> now[0]);
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        assertThatThrownBy(limiter::acquire).isInstanceOfSatisfying(AigesException.class, e -> {
            assertThat(e.code()).isEqualTo(10110);
            assertThat(e.getMessage()).contains("3 requests in 1000 ms");
        });
        now[0] += TimeUnit.MILLISECONDS.toNanos(340);
        limiter.acquire();
    }

    @Test
    void noLimitNeverRefuses() {
        RateLimiter limiter = new RateLimiter("svc", RateLimitConfig.NONE);
        for (int i = 0; i < 100_000; i++) {
            limiter.acquire();
        }
    }

    /** Over any random schedule, what is let through never exceeds the burst plus the rate times the time. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void neverLetsMoreThroughThanTheRate(long seed) {
        Random random = new Random(seed);
        int permits = 1 + random.nextInt(50);
        Duration window = Duration.ofMillis(10 + random.nextInt(2000));
        long[] now = {random.nextLong(1L << 40)};
        long start = now[0];
        RateLimiter limiter = new RateLimiter("svc", new RateLimitConfig(permits, window), () -> now[0]);
        int allowed = 0;
        for (int i = 0; i < 5000; i++) {
            now[0] += (long) (random.nextDouble() * window.toNanos() / permits * 2);
            try {
                limiter.acquire();
                allowed++;
            } catch (AigesException refused) {
                assertThat(refused.code()).isEqualTo(10110);
            }
        }
        double elapsedWindows = (double) (now[0] - start) / window.toNanos();
        assertThat(allowed).isLessThanOrEqualTo(permits + (int) Math.ceil(elapsedWindows * permits));
        assertThat(allowed).as("and the rate is used, not starved").isGreaterThan((int) (elapsedWindows * permits * 0.5));
    }
}
