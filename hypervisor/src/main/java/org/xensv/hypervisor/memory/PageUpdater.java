package org.xensv.hypervisor.memory;

import java.lang.foreign.MemorySegment;

/**
 * A guest write: receives the live 4 KiB of one page, in place in guest RAM, and may read and change
 * it. The page is marked dirty after the updater returns, so a log-dirty reader never misses it.
 */
@FunctionalInterface
public interface PageUpdater {

    void update(long pfn, MemorySegment page);
}
