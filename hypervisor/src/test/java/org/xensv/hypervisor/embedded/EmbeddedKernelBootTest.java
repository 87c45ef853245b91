package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.KernelBoot;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.spi.HostConnection;

class EmbeddedKernelBootTest {

    @Test
    void aDirectKernelBootIsRefusedAsNotSupportedAndNothingIsDefined() {
        String name = TestHosts.uniqueName("kernel");
        try (HostConnection connection = TestHosts.connect(name, 1, 256)) {
            DomainConfig config = DomainConfig.of("linux", 1, 64).withKernelBoot(new KernelBoot("/boot/vmlinuz", null, "console=ttyS0"));
            assertThatThrownBy(() -> connection.lifecycle().define(config))
                    .isInstanceOf(OperationNotSupportedException.class)
                    .hasMessage("The embedded driver does not support direct kernel boot.");
            assertThat(connection.lifecycle().list()).isEmpty();
        } finally {
            EmbeddedRuntime.remove(name);
        }
    }
}
