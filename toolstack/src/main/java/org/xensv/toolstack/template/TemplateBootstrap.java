package org.xensv.toolstack.template;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.network.NetworkService;
import org.xensv.toolstack.network.NetworkView;
import org.xensv.toolstack.network.VifForm;
import org.xensv.toolstack.network.VifService;
import org.xensv.toolstack.pool.PoolService;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.storage.ImageSpec;
import org.xensv.toolstack.storage.ImageView;
import org.xensv.toolstack.storage.SrView;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.storage.VbdService;
import org.xensv.toolstack.storage.VbdSpec;
import org.xensv.toolstack.tag.TagService;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;

/**
 * Ships a few templates with the console, made once the console is ready: in the first pool that
 * has a connected host and shared storage, each with a NIC on the pool's first untagged network and
 * a blank (sparse) disk on its shared storage, so a VM copied from one runs on any host of the pool.
 * A template is made only if no VM or template of its name exists, so a restart changes nothing
 * (one deleted comes back at the next start: turn them off with {@code xensv.templates.ship=false}).
 */
@Component
class TemplateBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TemplateBootstrap.class);

    /** A template the console ships. */
    record Shipped(String name, String description, String workload, int vcpus, long memoryMiB, long diskMiB, String tag) {
    }

    static final List<Shipped> SHIPPED = List.of(
            new Shipped("debian-web-server", "Debian web server: a hot working set, like a busy cache", "WEB", 1, 256, 1024, "web"),
            new Shipped("postgresql-database", "PostgreSQL database: random writes over its working set", "DATABASE", 2, 512, 2048, "database"),
            new Shipped("memory-streamer", "Dirties memory faster than a link carries it (MMuncher): for migration tests",
                    "STREAMER", 1, 256, 256, "benchmark"));

    private final boolean ship;
    private final VmService vms;
    private final VifService vifs;
    private final VbdService vbds;
    private final StorageService storage;
    private final NetworkService networks;
    private final HostService hosts;
    private final PoolService pools;
    private final TagService tags;

    TemplateBootstrap(@Value("${xensv.templates.ship:true}") boolean ship, VmService vms, VifService vifs, VbdService vbds,
                      StorageService storage, NetworkService networks, HostService hosts, PoolService pools, TagService tags) {
        this.ship = ship;
        this.vms = vms;
        this.vifs = vifs;
        this.vbds = vbds;
        this.storage = storage;
        this.networks = networks;
        this.hosts = hosts;
        this.pools = pools;
        this.tags = tags;
    }

    @EventListener(ApplicationReadyEvent.class)
    void shipTemplates() {
        if (!ship) {
            return;
        }
        storage.ensureDefaultRepositories();
        for (PoolView pool : pools.list()) {
            HostView host = hosts.list().stream().filter(h -> h.poolId().equals(pool.id()) && h.connected() && !h.maintenance())
                    .findFirst().orElse(null);
            SrView shared = storage.sharedRepositories(pool.id()).stream().findFirst().orElse(null);
            NetworkView network = networks.inPool(pool.id()).stream().filter(n -> n.vlan() == null).findFirst().orElse(null);
            if (host == null || shared == null || network == null) {
                continue;
            }
            for (Shipped t : SHIPPED) {
                try {
                    make(t, host, shared, network);
                } catch (RuntimeException e) {
                    log.warn("Could not make the shipped template {}: {}", t.name(), e.getMessage());
                }
            }
            return;
        }
    }

    private void make(Shipped t, HostView host, SrView shared, NetworkView network) {
        List<String> taken = new java.util.ArrayList<>();
        vms.list().forEach(v -> taken.add(v.name().toLowerCase(Locale.ROOT)));
        vms.templates().forEach(v -> taken.add(v.name().toLowerCase(Locale.ROOT)));
        if (taken.contains(t.name())) {
            return;
        }
        VmSpec spec = new VmSpec(t.name(), t.description(), "PV", t.vcpus(), t.memoryMiB(), host.id(), t.workload(),
                null, null, null, null, null, null, null, false);
        UUID id = vms.create(spec).vm().id();
        ImageView disk = null;
        try {
            vifs.add(id, new VifForm(network.id(), null, null, 0));
            disk = storage.createBlank(new ImageSpec(shared.id(), t.name() + "-disk", "Disk of template " + t.name(), t.diskMiB()));
            vbds.attach(id, new VbdSpec(disk.id(), "xvda", "RW", true, false, null, null));
            tags.add(TaggedKind.VM, id, t.tag());
            VmView template = vms.convertToTemplate(id);
            log.info("Shipped template {} on {}", template.name(), host.name());
        } catch (RuntimeException e) {
            vms.discard(id);
            if (disk != null) {
                storage.deleteImage(disk.id());
            }
            throw e;
        }
    }
}
