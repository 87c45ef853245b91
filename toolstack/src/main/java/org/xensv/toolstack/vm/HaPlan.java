package org.xensv.toolstack.vm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Which protected VMs of a lost host go where: the decision alone, free of hosts and database so a
 * unit test drives it. VMs are taken in priority order ({@code RESTART} before {@code BEST_EFFORT},
 * then restart order, lowest first, then name); each goes to the surviving host with the most
 * memory left that fits it (memory and pCPUs), and the memory it takes is no longer left for the
 * next. A VM that fits nowhere is not placed, with the reason; later, smaller VMs may still fit.
 * The hosts' own admission control has the last word when the VMs start.
 */
public final class HaPlan {

    /** A protected VM of the lost host. */
    public record Candidate(UUID vmId, String name, HaPriority priority, int order, long memoryMiB, int vcpus) {
    }

    /** A surviving host of the pool, with the memory it has free now. */
    public record Target(UUID hostId, String name, long freeMemoryMiB, int pcpus) {
    }

    public record Placement(Candidate vm, Target host) {
    }

    public record NotPlaced(Candidate vm, String reason) {
    }

    public record Result(List<Placement> placements, List<NotPlaced> notPlaced) {
    }

    /** The order VMs are restarted in. */
    public static final Comparator<Candidate> PRIORITY_ORDER = Comparator
            .comparing(Candidate::priority)
            .thenComparingInt(Candidate::order)
            .thenComparing(Candidate::name, String.CASE_INSENSITIVE_ORDER);

    private HaPlan() {
    }

    public static Result plan(List<Candidate> candidates, List<Target> targets) {
        List<Candidate> ordered = candidates.stream().sorted(PRIORITY_ORDER).toList();
        long[] left = targets.stream().mapToLong(Target::freeMemoryMiB).toArray();
        List<Placement> placed = new ArrayList<>();
        List<NotPlaced> notPlaced = new ArrayList<>();
        for (Candidate vm : ordered) {
            int best = -1;
            for (int i = 0; i < targets.size(); i++) {
                if (left[i] >= vm.memoryMiB() && targets.get(i).pcpus() >= vm.vcpus() && (best < 0 || left[i] > left[best])) {
                    best = i;
                }
            }
            if (best >= 0) {
                left[best] -= vm.memoryMiB();
                placed.add(new Placement(vm, targets.get(best)));
            } else {
                notPlaced.add(new NotPlaced(vm, reason(vm, targets, left)));
            }
        }
        return new Result(List.copyOf(placed), List.copyOf(notPlaced));
    }

    private static String reason(Candidate vm, List<Target> targets, long[] left) {
        if (targets.isEmpty()) {
            return "no other host of its pool is connected";
        }
        int most = 0;
        for (int i = 1; i < targets.size(); i++) {
            if (left[i] > left[most]) {
                most = i;
            }
        }
        return "no surviving host has " + vm.memoryMiB() + " MiB and " + vm.vcpus() + " pCPU(s) left (the most memory left is "
                + left[most] + " MiB on " + targets.get(most).name() + ")";
    }
}
