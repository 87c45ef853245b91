package org.xensv.hypervisor.embedded.workload;

/**
 * The architectural state of one vCPU as the embedded guest defines it: where its boot and its
 * workload are. vCPU {@code index} of {@code n} owns the pages with {@code pfn % n == index}.
 *
 * @param booted     pages of its partition filled so far by the boot phase
 * @param rng        the workload's random generator state
 * @param cursor     the streamer's next page, or other workloads' position
 * @param pageWrites page writes done (boot included): the sum of its pages' generations
 * @param steps      workload steps run
 */
public record VcpuState(int index, long booted, long rng, long cursor, long pageWrites, long steps) {

    public static VcpuState initial(int index, long seed) {
        return new VcpuState(index, 0, seed * 0x9E3779B97F4A7C15L + index + 1, 0, 0, 0);
    }
}
