package org.xensv.toolstack.vm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.xensv.toolstack.host.HostView;

/**
 * Where a VM goes when no host is named: the rule, pure (no database, no driver), so a unit test
 * drives it with made-up hosts. The same rule is written for admins in docs/user-guide.md
 * ("Placement").
 * <ol>
 * <li><b>Eligible hosts</b>: connected, out of maintenance mode, of the pool asked for (if any), of
 * the runtime asked for (if any: a VM with a guest workload needs the embedded runtime), not the
 * host left out (a migration's source), with free memory for the VM and at least as many pCPUs as
 * it has vCPUs.</li>
 * <li><b>Anti-affinity</b>, a soft rule: when the VM names a group, the eligible hosts that have no
 * VM of that group are preferred; when every eligible host has one, those with the fewest are
 * (and the reason says so). A VM counts on the host it is defined on, whatever its power state: a
 * halted one starts there.</li>
 * <li><b>Score</b> among the preferred hosts: up to 1 point for memory (the host's free memory
 * once the VM is on it, over the largest such among them) plus up to 1 for CPU (the lowest CPU
 * load among them over the host's own, once the VM is on it; the load is the vCPUs of its running
 * and paused VMs per pCPU). The highest total wins; a tie goes to the host first by name.</li>
 * </ol>
 * CPU load is the vCPUs committed, not the CPU time measured: it says what the host has promised,
 * is known for a host that just connected, and gives the same answer for the same inventory.
 */
public final class Placement {

    /**
     * What is to be placed: {@code poolId}, {@code runtime} (see {@link HostView#runtime()}) and
     * {@code leaveOut} narrow the hosts when not null; {@code antiAffinityGroup} is null for none.
     */
    public record Request(long memoryMiB, int vcpus, String antiAffinityGroup, UUID poolId, String runtime, UUID leaveOut) {
    }

    /**
     * A host as placement sees it: the vCPUs of its running and paused VMs, and the names of its
     * VMs in the requested anti-affinity group (empty when the request names none).
     */
    public record Candidate(HostView host, int committedVcpus, List<String> groupMembers) {

        public Candidate {
            groupMembers = List.copyOf(groupMembers);
        }

        double load() {
            return host.pcpus() == 0 ? 0 : (double) committedVcpus / host.pcpus();
        }
    }

    /** The host chosen (null if none can take the VM) and why, as a sentence an admin reads. */
    public record Decision(HostView host, String reason) {

        public boolean found() {
            return host != null;
        }
    }

    private Placement() {
    }

    public static Decision choose(Request request, List<Candidate> candidates) {
        List<Candidate> byName = candidates.stream()
                .filter(c -> request.leaveOut() == null || !request.leaveOut().equals(c.host().id()))
                .sorted(Comparator.comparing(c -> c.host().name().toLowerCase(Locale.ROOT)))
                .toList();
        List<Candidate> eligible = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Candidate c : byName) {
            String why = ineligible(request, c.host());
            if (why == null) {
                eligible.add(c);
            } else {
                refused.add(c.host().name() + " " + why);
            }
        }
        if (eligible.isEmpty()) {
            return new Decision(null, "No host can take a VM of " + memory(request.memoryMiB()) + " and " + request.vcpus()
                    + " vCPU" + (request.vcpus() == 1 ? "" : "s")
                    + (refused.isEmpty() ? ": there is no host" + (request.poolId() == null ? "" : " in the pool") : ": " + String.join("; ", refused)));
        }
        String group = request.antiAffinityGroup();
        int fewest = eligible.stream().mapToInt(c -> c.groupMembers().size()).min().orElse(0);
        List<Candidate> preferred = eligible.stream().filter(c -> c.groupMembers().size() == fewest).toList();

        long largestFree = preferred.stream().mapToLong(c -> c.host().freeMemoryMiB()).max().orElse(0);
        double lowestLoadAfter = preferred.stream().mapToDouble(c -> loadAfter(request, c)).min().orElse(0);
        Candidate best = null;
        double bestScore = -1;
        for (Candidate c : preferred) {
            double score = score(request, c, largestFree, lowestLoadAfter);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }

        Candidate chosen = best;
        StringBuilder reason = new StringBuilder(chosen.host().name()).append(": ");
        if (fewest > 0) {
            reason.append("every host that can take it already has a VM of anti-affinity group '").append(group)
                    .append("'; it has the fewest (").append(String.join(", ", chosen.groupMembers()))
                    .append(preferred.size() == 1 && eligible.size() > 1 ? "); " : "), ");
        }
        if (eligible.size() == 1) {
            reason.append("the only host that can take it (").append(figures(chosen)).append(")");
        } else if (preferred.size() == 1 && fewest == 0) {
            reason.append("the only one without a VM of anti-affinity group '").append(group).append("' (")
                    .append(figures(chosen)).append(")");
        } else if (preferred.size() == 1) {
            reason.append(figures(chosen));
        } else {
            reason.append(strengths(chosen, preferred));
        }
        List<String> others = new ArrayList<>();
        for (Candidate c : eligible) {
            if (c == chosen) {
                continue;
            }
            if (c.groupMembers().size() > fewest) {
                others.add(c.host().name() + " already has " + String.join(", ", c.groupMembers())
                        + " of anti-affinity group '" + group + "'");
            } else {
                others.add(c.host().name() + " scored lower (" + memory(c.host().freeMemoryMiB()) + " free, CPU load "
                        + load(c.load()) + " vCPU/pCPU)");
            }
        }
        others.addAll(refused);
        for (String other : others) {
            reason.append("; ").append(other);
        }
        return new Decision(chosen.host(), reason.toString());
    }

    /** Why the host cannot take the VM ("is in maintenance mode"), or null if it can. */
    static String ineligible(Request request, HostView host) {
        if (!host.connected()) {
            return "is not connected" + (host.connectionError() == null || host.connectionError().isBlank() ? ""
                    : " (" + host.connectionError() + ")");
        }
        if (host.maintenance()) {
            return "is in maintenance mode";
        }
        if (request.poolId() != null && !request.poolId().equals(host.poolId())) {
            return "is in another pool";
        }
        if (request.runtime() != null && !request.runtime().equals(host.runtime())) {
            return "runs " + host.runtime() + ", not " + request.runtime();
        }
        if (host.freeMemoryMiB() < request.memoryMiB()) {
            return "has too little free memory (" + memory(host.freeMemoryMiB()) + ", the VM needs "
                    + memory(request.memoryMiB()) + ")";
        }
        if (host.pcpus() < request.vcpus()) {
            return "has too few pCPUs (" + host.pcpus() + ", the VM has " + request.vcpus() + " vCPUs)";
        }
        return null;
    }

    private static double loadAfter(Request request, Candidate c) {
        return (double) (c.committedVcpus() + request.vcpus()) / c.host().pcpus();
    }

    /** Up to 1 for memory plus up to 1 for CPU, relative to the best of the preferred hosts. */
    private static double score(Request request, Candidate c, long largestFree, double lowestLoadAfter) {
        long freeAfter = c.host().freeMemoryMiB() - request.memoryMiB();
        long largestAfter = largestFree - request.memoryMiB();
        double memoryPart = largestAfter <= 0 ? 1 : (double) freeAfter / largestAfter;
        double cpuPart = lowestLoadAfter / loadAfter(request, c);
        return memoryPart + cpuPart;
    }

    /** "4 GiB free, CPU load 0.5 vCPU/pCPU". */
    private static String figures(Candidate c) {
        return memory(c.host().freeMemoryMiB()) + " free, CPU load " + load(c.load()) + " vCPU/pCPU";
    }

    /** "most free memory (12 GiB) and lowest CPU load (0.5 vCPU/pCPU)", as far as each holds among the hosts compared. */
    private static String strengths(Candidate chosen, List<Candidate> compared) {
        String free = memory(chosen.host().freeMemoryMiB());
        String cpu = load(chosen.load()) + " vCPU/pCPU";
        boolean mostMemory = compared.stream().allMatch(c -> c.host().freeMemoryMiB() <= chosen.host().freeMemoryMiB());
        boolean lowestLoad = compared.stream().allMatch(c -> c.load() >= chosen.load());
        if (mostMemory && lowestLoad) {
            return "most free memory (" + free + ") and lowest CPU load (" + cpu + ")";
        }
        if (mostMemory) {
            return "most free memory (" + free + "), CPU load " + cpu;
        }
        if (lowestLoad) {
            return "lowest CPU load (" + cpu + "), " + free + " free";
        }
        return "the best balance of free memory (" + free + ") and CPU load (" + cpu + ")";
    }

    /** "768 MiB", "12 GiB", "1.5 GiB". */
    static String memory(long mib) {
        if (mib < 1024) {
            return mib + " MiB";
        }
        return trim(String.format(Locale.ROOT, "%.1f", mib / 1024.0)) + " GiB";
    }

    /** "0.5", "1.25", "2". */
    static String load(double value) {
        return trim(String.format(Locale.ROOT, "%.2f", value));
    }

    private static String trim(String decimal) {
        if (!decimal.contains(".")) {
            return decimal;
        }
        String t = decimal.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
