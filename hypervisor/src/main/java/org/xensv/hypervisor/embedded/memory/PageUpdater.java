package org.xensv.hypervisor.embedded.memory;

/**
 * A guest write: receives the live 4 KiB backing array of one page and may read and change it.
 * The page is marked dirty after the updater returns, so a log-dirty reader never misses it.
 */
@FunctionalInterface
public interface PageUpdater {

    void update(long pfn, byte[] page);
}
