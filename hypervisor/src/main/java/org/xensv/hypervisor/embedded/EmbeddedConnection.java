package org.xensv.hypervisor.embedded;

import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.api.HostStats;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleChunk;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.hypervisor.spi.DomainFaults;
import org.xensv.hypervisor.spi.ManagedSave;
import org.xensv.hypervisor.spi.MemoryCheck;
import org.xensv.hypervisor.api.MemoryCheckReport;
import org.xensv.hypervisor.spi.StatsSource;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.spi.Capability;
import org.xensv.hypervisor.spi.DomainEventListener;
import org.xensv.hypervisor.spi.DomainEvents;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.DomainNics;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.Migration;
import org.xensv.hypervisor.embedded.migration.EmbeddedMigration;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;

/** A connection to an embedded host in this JVM. */
final class EmbeddedConnection implements HostConnection, DomainLifecycle, DomainTuning, DomainEvents, StatsSource,
        ConsoleAccess, ConsoleInput, DomainFaults, Migration, ManagedSave, MemoryCheck, DomainNics {

    private final String uri;
    private final EmbeddedHost host;
    private volatile boolean open = true;

    EmbeddedConnection(String uri, EmbeddedHost host) {
        this.uri = uri;
        this.host = host;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String driverName() {
        return "embedded";
    }

    @Override
    public HostInfo hostInfo() {
        return host.info();
    }

    @Override
    public boolean isAlive() {
        return open && EmbeddedRuntime.existing(host.name()) == host;
    }

    @Override
    public <C extends Capability> Optional<C> find(Class<C> capability) {
        return capability.isInstance(this) ? Optional.of(capability.cast(this)) : Optional.empty();
    }

    @Override
    public void close() {
        open = false;
    }

    /** The host lives in this process only for the console: removed from it, it goes, and its memory with it. */
    @Override
    public void retire() {
        close();
        EmbeddedRuntime.remove(host.name());
    }

    /** The embedded runtime runs its own guest workloads, not a kernel: a direct kernel boot is not pretended. */
    private void refuseKernelBoot(DomainConfig config) {
        if (config.kernelBoot() != null) {
            throw new OperationNotSupportedException(driverName(), "direct kernel boot");
        }
    }

    @Override
    public DomainInfo define(DomainConfig config) {
        refuseKernelBoot(config);
        return host.define(config).info();
    }

    @Override
    public DomainInfo redefine(DomainConfig config) {
        refuseKernelBoot(config);
        return host.redefine(config).info();
    }

    @Override
    public void undefine(UUID uuid) {
        EmbeddedDomain domain = host.domain(uuid);
        PowerStateTable.check(domain.config().name().value(), domain.state(), Operation.DESTROY);
        host.undefine(uuid);
    }

    @Override
    public List<DomainInfo> list() {
        return host.domains().stream().map(EmbeddedDomain::info).toList();
    }

    @Override
    public DomainInfo info(UUID uuid) {
        return host.domain(uuid).info();
    }

    @Override
    public DomainConfig config(UUID uuid) {
        return host.domain(uuid).config();
    }

    @Override
    public void start(UUID uuid) {
        host.domain(uuid).start();
    }

    @Override
    public void pause(UUID uuid) {
        host.domain(uuid).pause();
    }

    @Override
    public void unpause(UUID uuid) {
        host.domain(uuid).unpause();
    }

    @Override
    public void cleanShutdown(UUID uuid) {
        host.domain(uuid).cleanShutdown();
    }

    @Override
    public void hardShutdown(UUID uuid) {
        host.domain(uuid).hardShutdown();
    }

    @Override
    public void cleanReboot(UUID uuid) {
        host.domain(uuid).cleanReboot();
    }

    @Override
    public void hardReboot(UUID uuid) {
        host.domain(uuid).hardReboot();
    }

    @Override
    public void suspend(UUID uuid) {
        host.domain(uuid).suspend();
    }

    @Override
    public void resume(UUID uuid) {
        host.domain(uuid).resume();
    }

    @Override
    public void managedSave(UUID uuid) {
        host.domain(uuid).managedSave();
    }

    @Override
    public boolean hasManagedSaveImage(UUID uuid) {
        return java.nio.file.Files.isRegularFile(host.suspendImage(uuid));
    }

    @Override
    public DomainInfo defineFromManagedSave(DomainConfig config) {
        refuseKernelBoot(config);
        return host.defineSaved(config).info();
    }

    @Override
    public void resumePaused(UUID uuid) {
        host.domain(uuid).resumePaused();
    }

    @Override
    public MemoryCheckReport checkMemory(UUID uuid) {
        var report = host.domain(uuid).checkMemory();
        return new MemoryCheckReport(report.validPages(), report.failures());
    }

    @Override
    public void setCpuQos(UUID uuid, CpuQos qos) {
        EmbeddedDomain domain = host.domain(uuid);
        domain.reconfigure(domain.config().withCpuQos(qos));
    }

    @Override
    public void setNicRate(UUID uuid, String mac, org.xensv.hypervisor.api.RateLimit rate) {
        host.domain(uuid).setNicRate(mac, rate);
    }

    @Override
    public void setDiskLimits(UUID uuid, String path, long iopsLimit, long bytesPerSecondLimit) {
        host.domain(uuid).setDiskLimits(path, iopsLimit, bytesPerSecondLimit);
    }

    @Override
    public void plugNic(UUID uuid, NicConfig nic) {
        host.domain(uuid).plugNic(nic);
    }

    @Override
    public void unplugNic(UUID uuid, String mac) {
        host.domain(uuid).unplugNic(mac);
    }

    @Override
    public HostStats hostStats() {
        return host.stats();
    }

    @Override
    public DomainStats domainStats(UUID uuid) {
        return host.domain(uuid).stats();
    }

    @Override
    public String readConsole(UUID uuid, int maxChars) {
        return host.domain(uuid).readConsole(maxChars);
    }

    @Override
    public ConsoleChunk readConsoleFrom(UUID uuid, long position, int maxChars) {
        return host.domain(uuid).readConsoleFrom(position, maxChars);
    }

    @Override
    public void writeConsole(UUID uuid, String text) {
        host.domain(uuid).writeConsole(text);
    }

    @Override
    public void injectCrash(UUID uuid, String reason) {
        EmbeddedDomain domain = host.domain(uuid);
        if (domain.state() != PowerState.RUNNING) {
            throw new HypervisorException("VM_NOT_RUNNING",
                    java.util.Map.of("vm", domain.config().name().value(), "actual", domain.state().name()),
                    "Cannot crash VM '" + domain.config().name() + "': it is " + domain.state().label() + ", not running.");
        }
        domain.crash(reason);
    }

    @Override
    public AutoCloseable subscribe(DomainEventListener listener) {
        return host.subscribe(listener);
    }

    // ---- Migration (delegates to embedded.migration) ----------------------------------------

    @Override
    public MigrationEndpoint receiveEndpoint() {
        return EmbeddedMigration.receiveEndpoint(host);
    }

    @Override
    public MigrationPrediction predict(UUID uuid, MigrationOptions options) {
        return EmbeddedMigration.predict(host, uuid, options);
    }

    @Override
    public MigrationHandle migrate(UUID uuid, MigrationEndpoint destination, MigrationOptions options, MigrationProgress progress) {
        return EmbeddedMigration.migrate(host, uuid, destination, options, progress);
    }
}
