package org.xensv.hypervisor.embedded.workload;

import java.util.ArrayList;
import java.util.List;
import org.xensv.hypervisor.memory.GuestMemory;

/**
 * Checks a copy of a domain's memory against the workload's invariant: every non-zero page is a
 * valid {@link GuestPage} of its own pfn; with the {@link GuestState} taken at the same pause, also
 * that every booted page is there and that no page is stale (the generations add up to the number
 * of writes the vCPUs made).
 */
public final class WorkloadInvariant {

    private static final int MAX_FAILURES = 10;

    private WorkloadInvariant() {
    }

    /** The result: pages looked at, valid pages, their generation sum and the first failures. */
    public record Report(long validPages, long generationSum, List<String> failures) {

        public boolean ok() {
            return failures.isEmpty();
        }
    }

    /** Every non-zero page self-verifies. */
    public static Report check(GuestMemory memory, long seed) {
        List<String> failures = new ArrayList<>();
        long valid = 0;
        long generations = 0;
        for (long pfn = memory.nextPopulated(0); pfn >= 0; pfn = memory.nextPopulated(pfn + 1)) {
            if (memory.isZero(pfn)) {
                continue;
            }
            var page = memory.page(pfn);
            String problem = GuestPage.check(page, pfn, seed);
            if (problem == null) {
                valid++;
                generations += GuestPage.generation(page);
            } else if (failures.size() < MAX_FAILURES) {
                failures.add(problem);
            } else if (failures.size() == MAX_FAILURES) {
                failures.add("...");
            }
        }
        if (memory.absentPages() > 0) {
            failures.add(memory.absentPages() + " pages are still absent");
        }
        return new Report(valid, generations, failures);
    }

    /** Every page self-verifies, every booted page is present and none is stale. */
    public static Report verify(GuestMemory memory, GuestState state) {
        Report report = check(memory, state.workload().seed());
        List<String> failures = new ArrayList<>(report.failures());
        if (report.validPages() != state.bootedPages()) {
            failures.add("expected " + state.bootedPages() + " written pages, found " + report.validPages() + " valid ones");
        }
        if (report.generationSum() != state.expectedGenerationSum()) {
            failures.add("generation sum is " + report.generationSum() + ", the vCPUs made " + state.expectedGenerationSum()
                    + " writes: " + (report.generationSum() < state.expectedGenerationSum() ? "stale or lost pages" : "extra writes"));
        }
        return new Report(report.validPages(), report.generationSum(), failures);
    }
}
