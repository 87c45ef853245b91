package org.xensv.webui;

import java.io.OutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.pool.PoolService;
import org.xensv.toolstack.tag.TagService;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.template.TemplateService;
import org.xensv.toolstack.vm.VmQuery;
import org.xensv.toolstack.vm.VmSearch;
import org.xensv.toolstack.vm.VmSort;

import tools.jackson.databind.json.JsonMapper;

/**
 * Once the console has started, reads what its first visitors will ask for, on a background thread:
 * the inventory the console's first view reads (pools, hosts, templates, tags, counts per host, recent
 * tasks) and the REST API's VM list, whole (written as JSON to nowhere) and one page of it. The first
 * of these after a start otherwise pays for loading the classes, translating the queries and
 * compiling the code, and the database's pages, in the time of an admin's first click: at 10,000 VMs
 * that was half a second more than the next (docs/benchmarks/scale.md). It reads only; a failure is
 * logged and changes nothing. {@code xensv.console.warm-up=false} turns it off.
 */
@Component
class StartupWarmUp {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);
    /** Enough rounds for the list's per-VM code to be compiled (a few thousand calls) on a small inventory too. */
    private static final int ROUNDS = 3;

    private final PoolService pools;
    private final HostService hosts;
    private final TemplateService templates;
    private final TagService tags;
    private final TaskService tasks;
    private final VmSearch vms;
    private final JsonMapper json;
    private final boolean enabled;

    StartupWarmUp(PoolService pools, HostService hosts, TemplateService templates, TagService tags, TaskService tasks,
                  VmSearch vms, JsonMapper json, @Value("${xensv.console.warm-up:true}") boolean enabled) {
        this.pools = pools;
        this.hosts = hosts;
        this.templates = templates;
        this.tags = tags;
        this.tasks = tasks;
        this.vms = vms;
        this.json = json;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (enabled) {
            Thread.ofPlatform().name("xensv-warm-up").daemon().priority(Thread.MIN_PRIORITY).start(this::run);
        }
    }

    private void run() {
        long t0 = System.nanoTime();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                pools.list();
                hosts.list();
                templates.list();
                tags.ofAll(TaggedKind.HOST);
                vms.countsByHost(VmQuery.all());
                tasks.recent(MainView.TASKS_SHOWN);
                json.writeValue(OutputStream.nullOutputStream(), vms.search(VmQuery.all()).items());
                json.writeValue(OutputStream.nullOutputStream(), vms.search(VmQuery.all().sortedBy(VmSort.NAME, false).page(0, 50)).items());
            }
            log.info("Warmed up the console's first reads in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Warming up the console's first reads failed (nothing changed; the first visitor pays instead): {}", e.toString());
        }
    }
}
