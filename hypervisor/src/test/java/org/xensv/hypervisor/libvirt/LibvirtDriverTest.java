package org.xensv.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.Drivers;

/** URIs are checked without connecting, so these run without libvirt0. */
class LibvirtDriverTest {

    private final LibvirtDriver driver = new LibvirtDriver();

    @ParameterizedTest
    @ValueSource(strings = {"test:///default", "qemu:///system", "qemu:///session", "qemu+ssh://root@kvm1.example.org/system",
            "qemu+ssh://admin@kvm1:2222/system?keyfile=/home/admin/.ssh/id_ed25519", "qemu+tls://kvm1.example.org/system",
            "xen:///system", "xen+ssh://root@xen1/system"})
    void acceptsTheUriFormsLibvirtDocuments(String uri) {
        assertThatCode(() -> driver.validate(URI.create(uri))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///", "qemu:///root", "qemu+ssh:///system", "qemu+tls:///system", "test://somehost/default",
            "xen:///session", "qemu:system"})
    void refusesMalformedUrisSayingWhatIsExpected(String uri) {
        assertThatThrownBy(() -> driver.validate(URI.create(uri)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("uri");
    }

    @Test
    void accelTcgAsksForSoftwareEmulationAndIsNotGivenToLibvirt() {
        URI asked = URI.create("qemu+unix:///system?socket=/run/peer/libvirt-sock&accel=tcg");
        assertThat(LibvirtDriver.LibvirtUri.emulated(asked)).isTrue();
        assertThat(LibvirtDriver.LibvirtUri.withoutAccel(asked)).hasToString("qemu+unix:///system?socket=/run/peer/libvirt-sock");
        assertThat(LibvirtDriver.LibvirtUri.withoutAccel(URI.create("qemu:///system?accel=tcg"))).hasToString("qemu:///system");
        assertThat(LibvirtDriver.LibvirtUri.emulated(URI.create("qemu:///system"))).isFalse();
        assertThat(LibvirtDriver.LibvirtUri.emulated(URI.create("qemu:///system?accel=kvm"))).isFalse();
    }

    @Test
    void isFoundByServiceLoaderForEveryLibvirtScheme() {
        assertThat(Drivers.installed().schemes()).contains("embedded", "test", "qemu", "qemu+ssh", "qemu+tls", "xen");
        assertThatCode(() -> Drivers.installed().validate(URI.create("test:///default"))).doesNotThrowAnyException();
    }

    @Test
    void versionNumbersReadAsLibvirtPrintsThem() {
        assertThat(LibvirtConnection.version(9_000_000)).isEqualTo("9.0.0");
        assertThat(LibvirtConnection.version(7_002_001)).isEqualTo("7.2.1");
    }
}
