package org.xensv.toolstack.support;

import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.toolstack.host.HostService;

/**
 * Gives a test context's embedded hosts back to the process memory budget: for a test class with a
 * context of its own (closed after it by {@code @DirtiesContext}), so the contexts after it fit.
 */
public final class EmbeddedHosts {

    private EmbeddedHosts() {
    }

    public static void release(HostService hosts) {
        hosts.list().forEach(host -> EmbeddedRuntime.remove(host.name()));
    }
}
