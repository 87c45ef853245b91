package org.xensv.hypervisor.libvirt;

import java.util.UUID;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.NoSuchDomainException;
import org.xensv.hypervisor.api.OperationNotSupportedException;

/**
 * What libvirt refused, said so a person can act on it: the host, the VM, the operation, libvirt's
 * own message and its error code ({@code VIR_ERR_...}, as virsh prints it).
 */
public final class LibvirtCallException extends HypervisorException {

    private LibvirtCallException(String host, String vm, String operation, String libvirtCode, String libvirtMessage,
                                 Throwable cause) {
        super("LIBVIRT_ERROR",
                named("host", host, "vm", vm, "operation", operation, "libvirtCode", libvirtCode, "libvirtMessage", libvirtMessage),
                "Host " + host + (vm == null ? "" : ", VM '" + vm + "'") + ": " + operation + " failed: "
                        + libvirtMessage + " (" + libvirtCode + ").", cause);
    }

    /**
     * The SPI's exception for a libvirt error: an unknown domain becomes {@link NoSuchDomainException},
     * an operation the hypervisor behind libvirt lacks becomes the uniform "not supported" answer, the
     * rest a {@code LIBVIRT_ERROR} naming everything.
     */
    static HypervisorException of(String host, UUID domain, String vm, String operation, LibvirtException e) {
        return of(host, domain, vm, operation, e.getError(), e);
    }

    /** The same for an error libvirt reported to a call made through JNA directly ({@code virGetLastError}). */
    static HypervisorException of(String host, UUID domain, String vm, String operation, Error error, Throwable cause) {
        Error.ErrorNumber code = error == null ? Error.ErrorNumber.VIR_ERR_UNKNOWN : error.getCode();
        String message = error == null || error.getMessage() == null ? String.valueOf(cause == null ? null : cause.getMessage()) : error.getMessage();
        if (code == Error.ErrorNumber.VIR_ERR_NO_DOMAIN && domain != null) {
            return new NoSuchDomainException(host, domain);
        }
        if (code == Error.ErrorNumber.VIR_ERR_NO_SUPPORT || code == Error.ErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED) {
            return new OperationNotSupportedException(LibvirtDriver.NAME + " (" + host + ")", operation);
        }
        return new LibvirtCallException(host, vm, operation, code.name(), message, cause);
    }
}
