package org.xensv.toolstack.metrics;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.api.HostStats;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.StatsSource;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.vm.LiveVm;
import org.xensv.toolstack.vm.VmService;

/**
 * Samples every host's and every live VM's counters once per interval and keeps the last minutes
 * of rates in memory, for the Performance tabs, the inventory's usage bars and the API. A round
 * reads only the running and paused VMs' ids from the database, so its cost follows what runs, not
 * the size of the inventory.
 */
@Service
public class MetricsService {

    private final HostService hosts;
    private final VmService vms;
    private final int capacity;
    private final Map<UUID, Series<VmMetricPoint>> vmSeries = new ConcurrentHashMap<>();
    private final Map<UUID, Series<HostMetricPoint>> hostSeries = new ConcurrentHashMap<>();
    private final Map<UUID, Baseline> lastVm = new ConcurrentHashMap<>();
    private final Map<UUID, HostStats> lastHost = new ConcurrentHashMap<>();

    /** Whether a VM was created, changed or deleted since the last look for gone VMs (true: look at the first sample). */
    private final AtomicBoolean vmEventsSinceCheck = new AtomicBoolean(true);

    MetricsService(HostService hosts, VmService vms, EventBus events, @Value("${xensv.metrics.history-points:600}") int capacity) {
        this.hosts = hosts;
        this.vms = vms;
        this.capacity = capacity;
        events.subscribe(this::vmEvent);
    }

    public List<VmMetricPoint> vm(UUID vmId) {
        Series<VmMetricPoint> series = vmSeries.get(vmId);
        return series == null ? List.of() : series.snapshot();
    }

    public List<HostMetricPoint> host(UUID hostId) {
        Series<HostMetricPoint> series = hostSeries.get(hostId);
        return series == null ? List.of() : series.snapshot();
    }

    public Optional<VmMetricPoint> latestVm(UUID vmId) {
        return Optional.ofNullable(vmSeries.get(vmId)).map(Series::last);
    }

    public Optional<HostMetricPoint> latestHost(UUID hostId) {
        return Optional.ofNullable(hostSeries.get(hostId)).map(Series::last);
    }

    @Scheduled(fixedDelayString = "${xensv.metrics.interval:PT1S}")
    void sample() {
        Map<UUID, List<UUID>> liveByHost = vms.live().stream()
                .collect(Collectors.groupingBy(LiveVm::hostId, Collectors.mapping(LiveVm::id, Collectors.toList())));
        Set<UUID> live = new HashSet<>();
        liveByHost.values().forEach(live::addAll);
        for (HostView host : hosts.list()) {
            if (!host.connected()) {
                continue;
            }
            StatsSource stats;
            try {
                HostConnection connection = hosts.connection(host);
                Optional<StatsSource> found = connection.find(StatsSource.class);
                if (found.isEmpty()) {
                    continue;
                }
                stats = found.get();
                sampleHost(host.id(), stats.hostStats());
            } catch (HypervisorException e) {
                continue; // the host went away between listing and sampling: the next round catches up
            }
            for (UUID vm : liveByHost.getOrDefault(host.id(), List.of())) {
                try {
                    sampleVm(vm, host.id(), stats);
                } catch (HypervisorException e) {
                    // the domain went away (or has just been handed over by a migration): its neighbours
                    // are still sampled, and the next round catches up
                }
            }
        }
        lastVm.keySet().retainAll(live);
        forgetGone(live);
    }

    /**
     * Drops the history of VMs that are gone (deleted, or made templates). Only VMs that are not
     * running can be gone, and only a VM event can make one so: the few series of VMs that stopped
     * are looked up after such an event, never the whole inventory every second.
     */
    private void forgetGone(Set<UUID> live) {
        if (!vmEventsSinceCheck.getAndSet(false)) {
            return;
        }
        Set<UUID> stopped = new HashSet<>(vmSeries.keySet());
        stopped.removeAll(live);
        if (!stopped.isEmpty()) {
            stopped.removeAll(vms.existing(stopped));
            vmSeries.keySet().removeAll(stopped);
        }
    }

    private void vmEvent(InventoryEvent event) {
        if (event.objectType() == ObjectType.VM) {
            vmEventsSinceCheck.set(true);
        }
    }

    private void sampleHost(UUID hostId, HostStats now) {
        HostStats before = lastHost.put(hostId, now);
        double cpu = 0;
        if (before != null && now.timestampNanos() > before.timestampNanos()) {
            double wall = (now.timestampNanos() - before.timestampNanos()) * (double) Math.max(1, now.pcpus());
            cpu = Math.min(100, Math.max(0, 100.0 * (now.busyNanos() - before.busyNanos()) / wall));
        }
        hostSeries.computeIfAbsent(hostId, id -> new Series<>(capacity))
                .add(new HostMetricPoint(Instant.now(), cpu, now.memoryMiB(), now.memoryUsedMiB(),
                        now.guestMemoryTouchedBytes() / 1048576.0, now.runningDomains()));
    }

    private void sampleVm(UUID vmId, UUID hostId, StatsSource stats) {
        DomainStats now = stats.domainStats(vmId);
        Baseline last = lastVm.put(vmId, new Baseline(hostId, now));
        // A domain's counters start afresh on the host it migrated to: the first sample there is only the
        // baseline for the next, never a rate against the source's counters (that would read as a drop to 0).
        if (last == null || !last.hostId().equals(hostId) || now.timestampNanos() <= last.stats().timestampNanos()) {
            return;
        }
        DomainStats before = last.stats();
        double seconds = (now.timestampNanos() - before.timestampNanos()) / 1e9;
        vmSeries.computeIfAbsent(vmId, id -> new Series<>(capacity)).add(new VmMetricPoint(Instant.now(),
                Math.max(0, 100.0 * (now.cpuTimeNanos() - before.cpuTimeNanos()) / (seconds * 1e9)),
                now.memoryTouchedBytes() / 1048576.0,
                rate(now.dirtyPagesTotal(), before.dirtyPagesTotal(), seconds),
                rate(now.netTxBytes(), before.netTxBytes(), seconds),
                rate(now.netRxBytes(), before.netRxBytes(), seconds),
                rate(now.diskReadBytes() + now.diskWriteBytes(), before.diskReadBytes() + before.diskWriteBytes(), seconds),
                rate(now.diskOps(), before.diskOps(), seconds)));
    }

    /** A VM's last counters and the host they were read on. */
    private record Baseline(UUID hostId, DomainStats stats) {
    }

    private static double rate(long now, long before, double seconds) {
        return Math.max(0, (now - before) / seconds);
    }
}
