package org.xensv.webui;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.shared.Registration;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.vm.HostsInStep;
import org.xensv.toolstack.vm.VmQuery;
import org.xensv.toolstack.vm.VmSearch;
import org.xensv.toolstack.vm.VmSort;

import tools.jackson.databind.json.JsonMapper;

/**
 * Once the console has started, does on a background thread what its first visitors will ask for, so
 * that they do not pay, in the time of their first page, for loading the classes, translating the
 * queries, compiling the code and reading the database's pages:
 * <ol>
 * <li>the REST API's VM list, whole (written as JSON to nowhere) and one page of it;</li>
 * <li>the password check a sign-in makes, on a hash of its own;</li>
 * <li>the first view itself, drawn inside the process ({@link FirstViewRehearsal}), which reads what
 *     it reads (pools, hosts, templates, tags, counts per host, recent tasks), once the hosts are in
 *     step ({@link HostsInStep}: after a restart, the VMs they lacked defined again).</li>
 * </ol>
 * At 10,000 VMs these cost the first visitor a second more than the next (docs/benchmarks/scale.md).
 * A console that starts empty and is then filled (by the generator, a script, the API) would have
 * drawn an empty inventory; so while nobody has opened it, the list and the view are drawn again once
 * a burst of at least {@value #NEW_OBJECTS} new hosts and VMs has settled ({@link #SETTLED} without a
 * change).
 *
 * <p>It reads only; a failure is logged and changes nothing. It stops as soon as a signed-in browser
 * opens the console, so that it never competes for the processor with the visitor it is for.
 * {@code xensv.console.warm-up=false} turns it off.
 */
@Component
class StartupWarmUp {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);
    /** Enough rounds for the list's per-VM code to be compiled (a few thousand calls) on a small inventory too. */
    private static final int ROUNDS = 3;
    /** What the password check is run on: hashed here, checked against its own hash, kept nowhere. */
    private static final String WARM_UP_PASSWORD = "start-up-warm-up";
    /** New hosts and VMs that make the view drawn at start stale enough to draw it again. */
    static final int NEW_OBJECTS = 100;
    /** How long the inventory must have stayed unchanged before it is drawn again: the burst is over. */
    static final Duration SETTLED = Duration.ofSeconds(3);
    /** How long the first view waits for the start's round over the hosts at most. */
    private static final Duration HOSTS_IN_STEP_PATIENCE = Duration.ofMinutes(2);

    private final VmSearch vms;
    private final JsonMapper json;
    private final PasswordEncoder passwords;
    private final ObjectProvider<ServletRegistrationBean<?>> servlets;
    private final EventBus events;
    private final boolean enabled;
    /** A signed-in browser has opened the console: its first view no longer waits for the warm-up. */
    private final AtomicBoolean visited = new AtomicBoolean();
    /** The start's first round over the hosts has run ({@link HostsInStep}). */
    private final CountDownLatch hostsInStep = new CountDownLatch(1);
    private volatile boolean stopping;

    StartupWarmUp(VmSearch vms, JsonMapper json, PasswordEncoder passwords, ObjectProvider<ServletRegistrationBean<?>> servlets,
                  EventBus events, @Value("${xensv.console.warm-up:true}") boolean enabled) {
        this.vms = vms;
        this.json = json;
        this.passwords = passwords;
        this.servlets = servlets;
        this.events = events;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (enabled) {
            Thread.ofPlatform().name("xensv-warm-up").daemon().priority(Thread.MIN_PRIORITY).start(this::run);
        }
    }

    /** Not by interrupting the thread: an interrupt in the middle of a read would close H2's file under the console. */
    @PreDestroy
    void stop() {
        stopping = true;
    }

    private void run() {
        Optional<VaadinService> service = FirstViewRehearsal.service(servlets);
        // one still on the login page does not count: the warm-up goes on the time it takes to type a password
        Registration watch = service.map(s -> s.addUIInitListener(ui -> {
            if (Access.current().isPresent()) {
                visited.set(true);
            }
        })).orElse(() -> { });
        try {
            listAndView(service, false);
            drawAgainAfterBursts(service);
        } finally {
            watch.remove();
        }
    }

    /** The VM list, the password check (at start), the first view; {@code again}: for new inventory, said in the log. */
    private void listAndView(Optional<VaadinService> service, boolean again) {
        String suffix = again ? " (again, for the new inventory)" : "";
        // the first view's own reads (pools, hosts, tags, counts, tasks) are the rehearsal's
        step("VM list" + suffix, round -> {
            json.writeValue(OutputStream.nullOutputStream(), vms.search(VmQuery.all()).items());
            json.writeValue(OutputStream.nullOutputStream(), vms.search(VmQuery.all().sortedBy(VmSort.NAME, false).page(0, 50)).items());
        });
        if (!again) {
            String hash = passwords.encode(WARM_UP_PASSWORD); // a hash of its own, no account's
            step("password check", round -> passwords.matches(WARM_UP_PASSWORD, hash));
            awaitHostsInStep();
        }
        step("first view" + suffix, round -> FirstViewRehearsal.draw(
                service.orElseThrow(() -> new IllegalStateException("Vaadin's servlet has not started"))));
    }

    /**
     * Waits for the start's first round over the hosts (the VMs they lacked defined again): the view is
     * drawn as it will be, and not in competition with that round. Not forever: a round that never ends
     * is the reconciler's to report.
     */
    private void awaitHostsInStep() {
        long deadline = System.nanoTime() + HOSTS_IN_STEP_PATIENCE.toNanos();
        try {
            while (!hostsInStep.await(1, TimeUnit.SECONDS) && !visited.get() && !stopping) {
                if (System.nanoTime() > deadline) {
                    log.info("The hosts were not yet in step {} after the start; warming the first view up anyway", HOSTS_IN_STEP_PATIENCE);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @EventListener(HostsInStep.class)
    void hostsInStep() {
        hostsInStep.countDown();
    }

    /** Until a signed-in browser opens the console (or it stops): the list and view drawn again after each burst of new inventory. */
    private void drawAgainAfterBursts(Optional<VaadinService> service) {
        AtomicInteger added = new AtomicInteger();
        AtomicLong lastChange = new AtomicLong(System.nanoTime());
        try (AutoCloseable subscription = events.subscribe(event -> {
            if (event.objectType() == InventoryEvent.ObjectType.VM || event.objectType() == InventoryEvent.ObjectType.HOST) {
                lastChange.set(System.nanoTime());
                if (event.kind() == InventoryEvent.Kind.CREATED) {
                    added.incrementAndGet();
                }
            }
        })) {
            while (!visited.get() && !stopping) {
                Thread.sleep(SETTLED.toMillis() / 3);
                if (added.get() >= NEW_OBJECTS && System.nanoTime() - lastChange.get() >= SETTLED.toNanos()) {
                    log.info("{} new hosts and VMs since the console's first view was drawn; drawing it again", added.getAndSet(0));
                    listAndView(service, true);
                }
            }
        } catch (Exception e) {
            log.warn("Watching for new inventory to warm the first view up for stopped: {}", e.toString());
        }
    }

    /**
     * Runs a step's rounds, unless a signed-in browser has opened the console meanwhile: from then on the warm-up
     * would only take the processor from the visitor it was for.
     */
    private void step(String what, IntConsumer round) {
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < ROUNDS; i++) {
                if (visited.get() || stopping) {
                    log.info("Stopped warming up at the console's {} after {} of {} rounds: {}", what, i, ROUNDS,
                            stopping ? "the console is stopping" : "a signed-in browser has opened the console");
                    return;
                }
                round.accept(i);
            }
            log.info("Warmed up the console's {} in {} ms", what, (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Warming up the console's {} failed (nothing changed; the first visitor pays instead): {}", what, e.toString());
        }
    }
}
