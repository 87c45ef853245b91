package org.xensv.toolstack.cluster;

/** One console alone on its database (H2): it holds every lease, and no other console is alive. */
final class SingleConsoleLocks implements ClusterLocks {

    private final String consoleId;

    SingleConsoleLocks(String consoleId) {
        this.consoleId = consoleId;
    }

    @Override
    public String consoleId() {
        return consoleId;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public boolean tryHold(String name) {
        return true;
    }

    @Override
    public boolean holds(String name) {
        return true;
    }

    @Override
    public void release(String name) {
        // nothing is shared: nothing to give up
    }

    @Override
    public boolean alive(String consoleId) {
        return this.consoleId.equals(consoleId);
    }
}
