package org.xensv.hypervisor.api;

/** What the hypervisor does when a guest crashes (xl.cfg's on_crash). */
public enum CrashAction {
    DESTROY, RESTART, PRESERVE
}
