package org.xensv.toolstack.cluster;

/**
 * Work that must happen once among the consoles sharing a database is claimed here: a console holds
 * a named lease (a host to reconcile, its own liveness) from {@link #tryHold} until it releases it or
 * its database session ends, so a console that dies gives its leases up with its connection and
 * another takes them. On PostgreSQL a lease is a session-level advisory lock held on a connection
 * of its own ({@link PostgresClusterLocks}); on H2 the console is alone and holds every lease
 * ({@link SingleConsoleLocks}).
 */
public interface ClusterLocks {

    /** This console's id ({@code xensv.cluster.console-id}): what its tasks and embedded hosts are recorded with. */
    String consoleId();

    /** Whether other consoles may share the database (PostgreSQL); false: this console is alone (H2). */
    boolean shared();

    /** Takes the lease if no console holds it; true if this console holds it (already or now). */
    boolean tryHold(String name);

    /** Whether this console holds the lease (as far as it knows: a lost session is noticed within one claim interval). */
    boolean holds(String name);

    /** Gives the lease up, if held. */
    void release(String name);

    /** Whether a console with this id runs (holds its liveness lease); a console is always alive to itself. */
    boolean alive(String consoleId);
}
