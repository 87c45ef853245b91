package org.xensv.hypervisor.api;

import java.util.List;

/** The result of checking a domain's memory: the pages that held what the guest wrote, and what failed. */
public record MemoryCheckReport(long validPages, List<String> failures) {

    public MemoryCheckReport {
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}
