package org.xensv.hypervisor.libvirt;

import java.lang.reflect.Field;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

/**
 * What the driver's own JNA calls (the libvirt functions libvirt-java 0.5.4 does not bind:
 * {@code virDomainOpenConsole}, {@code virDomainSetInterfaceParameters}, {@code virDomainSetBlockIoTune})
 * need from libvirt-java: the native pointers its wrappers hold, and libvirt's last error as the SPI's
 * exception.
 */
final class LibvirtNative {

    private LibvirtNative() {
    }

    static DomainPointer pointer(Domain domain) {
        return pointer(Domain.class, domain, "vdp", DomainPointer.class);
    }

    static ConnectionPointer pointer(Connect connect) {
        return pointer(Connect.class, connect, "vcp", ConnectionPointer.class);
    }

    /** libvirt's last error on this thread as the SPI's exception naming the host, the VM and the operation. */
    static RuntimeException lastError(LibvirtConnection host, UUID uuid, String vm, String operation) {
        virError raw = Libvirt.INSTANCE.virGetLastError();
        Error error = raw == null ? null : new Error(raw);
        return LibvirtCallException.of(host.uri(), uuid, vm, operation, error, null);
    }

    /** The JNA pointer libvirt-java keeps in a non-public field of its wrapper. */
    private static <T> T pointer(Class<?> owner, Object wrapper, String field, Class<T> type) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            return type.cast(f.get(wrapper));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("libvirt-java " + owner.getSimpleName() + " has no field " + field
                    + ": the driver's own libvirt calls need libvirt-java 0.5.4's layout", e);
        }
    }
}
