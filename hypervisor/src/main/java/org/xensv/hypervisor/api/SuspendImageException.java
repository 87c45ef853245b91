package org.xensv.hypervisor.api;

/** A domain's suspend image could not be written, or read back intact (the domain stays suspended). */
public final class SuspendImageException extends HypervisorException {

    public SuspendImageException(String domain, String path, String reason, Throwable cause) {
        super("VM_SUSPEND_IMAGE_INVALID", named("vm", domain, "path", path, "reason", reason),
                "The suspend image of VM '" + domain + "' (" + path + ") " + reason + ".", cause);
    }
}
