package org.xensv.toolstack.qos;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.RateLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QosPolicyValuesTest {

    @Test
    void aBurstBecomesTheRefillIntervalOfTheRate() {
        RateLimit limit = QosPolicyValues.rateLimit("8Mb/s", 100L);
        assertThat(limit.bytesPerSecond()).isEqualTo(1_000_000);
        assertThat(limit.intervalMicros()).isEqualTo(100_000);
        assertThat(limit.bytesPerInterval()).isEqualTo(100_000);
    }

    @Test
    void withoutABurstTheRateKeepsItsIntervalOrXlsDefault() {
        assertThat(QosPolicyValues.rateLimit("8Mb/s@20ms", null).intervalMicros()).isEqualTo(20_000);
        assertThat(QosPolicyValues.rateLimit("8Mb/s", null).intervalMicros()).isEqualTo(50_000);
        assertThat(QosPolicyValues.rateLimit(null, null)).isNull();
    }

    @Test
    void badValuesNameTheFormsField() {
        assertThatThrownBy(() -> values("x", "1Gb/s", 0L, null, null)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("nicBurstKB");
        assertThatThrownBy(() -> values("x", "1Kb/s", 10_000L, null, null))
                .hasMessageContaining("nicBurstKB must be between 1 and 1 kB at 1Kb/s");
        assertThatThrownBy(() -> values("x", "ten", null, null, null)).extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("nicRate");
        assertThatThrownBy(() -> values("x", null, null, 65536, null)).extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("cpuWeight");
        assertThatThrownBy(() -> values("x", null, null, null, 12801)).extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("cpuCap");
        assertThatThrownBy(() -> values(" ", null, null, null, null)).extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("name");
    }

    @Test
    void blankTextIsNotSetAndNamesAreStripped() {
        QosPolicyValues v = values("  Gold ", "  ", null, null, null);
        assertThat(v.name()).isEqualTo("Gold");
        assertThat(v.nicRate()).isNull();
    }

    private static QosPolicyValues values(String name, String rate, Long burst, Integer weight, Integer cap) {
        return new QosPolicyValues(name, null, rate, burst, weight, cap, null, null);
    }
}
