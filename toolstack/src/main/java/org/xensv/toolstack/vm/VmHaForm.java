package org.xensv.toolstack.vm;

/**
 * A VM's high-availability protection as an admin sets it: {@code restartPriority} {@code restart},
 * {@code best-effort} or null/empty (unprotected); {@code restartOrder} 0..9999, lowest restarted
 * first (null: 0). {@code version}: the VM's settings version the form was opened on (null = not checked).
 */
public record VmHaForm(String restartPriority, Integer restartOrder, Long version) {

    /** The same form, as opened on {@code openedVersion} (an API client's If-Match). */
    public VmHaForm opened(Long openedVersion) {
        return openedVersion == null ? this : new VmHaForm(restartPriority, restartOrder, openedVersion);
    }
}
