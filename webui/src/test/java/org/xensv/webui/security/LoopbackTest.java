package org.xensv.webui.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackTest {

    @ParameterizedTest(name = "{0} forwarded-for={1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "127.0.0.1,       -,           true",
            "127.8.9.10,      -,           true",
            "::1,             -,           true",
            "0:0:0:0:0:0:0:1, -,           true",
            "192.168.1.20,    -,           false",
            "10.0.0.1,        -,           false",
            "fe80::1,         -,           false",
            "localhost,       -,           false",
            "-,               -,           false",
            "127.0.0.1,       203.0.113.7, false"})
    void theSetupPageAnswersOnlyToThisMachine(String address, String forwardedFor, boolean local) {
        assertThat(Loopback.isLocal(address, forwardedFor, null)).isEqualTo(local);
    }

    @ParameterizedTest
    @CsvSource({"for=203.0.113.7"})
    void aRequestAProxyForwardedIsNotLocal(String forwarded) {
        assertThat(Loopback.isLocal("127.0.0.1", null, forwarded)).isFalse();
    }
}
