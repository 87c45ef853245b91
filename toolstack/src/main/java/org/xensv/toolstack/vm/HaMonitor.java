package org.xensv.toolstack.vm;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.host.HostLeases;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;

/**
 * The high-availability monitor: every {@code xensv.ha.check-interval} (1 s) it looks at the hosts'
 * connection states (kept by the reconciler's rounds) and, for a host that has stayed disconnected
 * past its pool's host-lost timeout, starts the restart of its protected VMs, once per loss: the
 * host must be seen connected again before its next loss counts. This is the one place that decides
 * when HA acts. Where consoles share a database, each watches only the hosts it serves (holds the
 * lease of, {@link HostLeases}): the console that reconciles a host, records it lost and fences it
 * when it returns is the one that restarts its VMs, so a host's loss is acted on once, and never
 * while another console lets the host back in. A console that takes a host over from one that went
 * counts the host-lost timeout afresh.
 */
@Component
class HaMonitor {

    private static final Logger log = LoggerFactory.getLogger(HaMonitor.class);

    private final HostService hosts;
    private final HaStore store;
    private final HaRestarts restarts;
    private final VmReconciler reconciler;
    private final HostLeases leases;
    /** When each disconnected host was first seen so by this monitor. */
    private final Map<UUID, Instant> lostSince = new ConcurrentHashMap<>();
    /** Hosts whose current loss HA has acted on. */
    private final Set<UUID> handled = ConcurrentHashMap.newKeySet();

    HaMonitor(HostService hosts, HaStore store, HaRestarts restarts, VmReconciler reconciler, HostLeases leases) {
        this.leases = leases;
        this.hosts = hosts;
        this.store = store;
        this.restarts = restarts;
        this.reconciler = reconciler;
    }

    @Scheduled(fixedDelayString = "${xensv.ha.check-interval:PT1S}")
    void check() {
        if (!reconciler.ready()) {
            return;
        }
        Instant now = Instant.now();
        var all = hosts.list();
        lostSince.keySet().removeIf(id -> all.stream().noneMatch(h -> h.id().equals(id)));
        for (HostView host : all) {
            if (host.connected() || !leases.serves(host.id())) {
                lostSince.remove(host.id());
                handled.remove(host.id());
                continue;
            }
            Instant since = lostSince.computeIfAbsent(host.id(), id -> now);
            Duration lostFor = Duration.between(since, now);
            if (handled.contains(host.id()) || lostFor.compareTo(store.timeout(host.poolId())) < 0) {
                continue;
            }
            try {
                // null: no VM of the host was running or paused (or none is marked unknown yet): look again next time
                if (restarts.start(host, lostFor) != null) {
                    handled.add(host.id());
                }
            } catch (RuntimeException e) {
                handled.add(host.id());
                log.warn("HA: restarting the VMs of lost host {} failed to start: {}", host.name(), e.getMessage());
            }
        }
    }
}
