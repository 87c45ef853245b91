package org.xensv.hypervisor.migration;

/** A destination host, as the engine's listener sees it (implemented by each runtime's adapter). */
public interface MigrationTarget {

    String hostName();

    /**
     * Creates the domain in an incoming state (not running, empty memory) or refuses with a
     * {@link org.xensv.hypervisor.api.HypervisorException} that says why (not enough memory,
     * incompatible, already there).
     */
    IncomingDomain prepareIncoming(byte[] config);
}
