package io.aiges.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which listen addresses only this machine reaches: the others, with no [auth], get the start-up warning. */
class OpenServiceWarningTest {
    @Test
    void loopbackAddressesAreNotOpen() {
        assertThat(OpenServiceWarning.isLoopback("127.0.0.1")).isTrue();
        assertThat(OpenServiceWarning.isLoopback("127.0.0.2")).isTrue();
        assertThat(OpenServiceWarning.isLoopback("::1")).isTrue();
        assertThat(OpenServiceWarning.isLoopback("localhost")).isTrue();
    }

    @Test
    void everyInterfaceAndOtherAddressesAreOpen() {
        assertThat(OpenServiceWarning.isLoopback("0.0.0.0")).isFalse();
        assertThat(OpenServiceWarning.isLoopback("::")).isFalse();
        assertThat(OpenServiceWarning.isLoopback("10.1.2.3")).isFalse();
        assertThat(OpenServiceWarning.isLoopback("no-such-host.invalid")).isFalse();
    }
}
