package org.xensv.hypervisor.libvirt;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.spi.Capability;
import org.xensv.hypervisor.spi.Migration;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.hypervisor.spi.DomainEvents;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.DomainNics;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.hypervisor.spi.GraphicsConsole;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.StatsSource;

/**
 * One open libvirt connection and the capabilities libvirt serves on it: lifecycle (suspend and
 * resume are libvirt's managed save), CPU, NIC and disk tuning (live where libvirt's driver can), NIC
 * plug and unplug (hot-plug on a running QEMU or Xen domain; the test driver's libvirt refuses it as
 * not supported), stats, domain events, migration, the serial console and the VNC display (none of the
 * last three on the test driver). Not offered: the SPI's {@code ManagedSave} (a libvirt host runs on
 * when the console stops: nothing to save for it), fault injection and memory checks.
 */
final class LibvirtConnection implements HostConnection {

    private final String uri;
    private final Connect connect;
    private final String domainType;
    private final Map<Class<? extends Capability>, Capability> capabilities;
    /** The serial console, or null on libvirt's test driver, which has none. */
    private final LibvirtConsole console;

    private LibvirtConnection(String uri, Connect connect, String domainType) {
        this.uri = uri;
        this.connect = connect;
        this.domainType = domainType;
        this.console = domainType.equals("test") ? null : new LibvirtConsole(this);
        LibvirtTuning tuning = new LibvirtTuning(this);
        Map<Class<? extends Capability>, Capability> offered = new HashMap<>(Map.of(
                DomainLifecycle.class, new LibvirtLifecycle(this),
                DomainTuning.class, tuning,
                DomainNics.class, new LibvirtNics(this, tuning),
                StatsSource.class, new LibvirtStats(this),
                DomainEvents.class, new LibvirtEvents(this)));
        if (console != null) {
            offered.put(ConsoleAccess.class, console);
            offered.put(ConsoleInput.class, console);
            offered.put(GraphicsConsole.class, new LibvirtGraphics(this));
        }
        if (!domainType.equals("test")) { // libvirt's test driver has no migration
            offered.put(Migration.class, new LibvirtMigration(this));
        }
        this.capabilities = Map.copyOf(offered);
    }

    static LibvirtConnection open(URI uri) {
        return open(uri, false);
    }

    /**
     * A connection whose domains are defined as {@code emulated} asks: QEMU's software emulation (TCG,
     * domain type {@code qemu}) even where the host offers KVM. For hosts whose {@code /dev/kvm} cannot
     * run the guest (a nested or paravirtual KVM), and for tests.
     */
    static LibvirtConnection open(URI uri, boolean emulated) {
        Connect connect;
        try {
            connect = new Connect(uri.toString(), false);
        } catch (LibvirtException e) {
            throw new HostUnreachableException(uri.toString(), e.getError().getMessage() + " (" + e.getError().getCode() + ")");
        }
        try {
            String type = domainType(uri, connect);
            return new LibvirtConnection(uri.toString(), connect, emulated && type.equals("kvm") ? "qemu" : type);
        } catch (LibvirtException e) {
            closeQuietly(connect);
            throw new HostUnreachableException(uri.toString(), e.getError().getMessage() + " (" + e.getError().getCode() + ")");
        }
    }

    /** libvirt's {@code <domain type>} for this connection: KVM where the host offers it, else QEMU's emulation. */
    private static String domainType(URI uri, Connect connect) throws LibvirtException {
        String scheme = uri.getScheme();
        if (scheme.equals("test")) {
            return "test";
        }
        if (scheme.startsWith("xen")) {
            return "xen";
        }
        return connect.getCapabilities().contains("<domain type='kvm'") ? "kvm" : "qemu";
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String driverName() {
        return LibvirtDriver.NAME;
    }

    /** Tells the console a domain was just started here, so it follows the domain's console from its first line. */
    void started(UUID uuid) {
        if (console != null) {
            console.started(uuid);
        }
    }

    String domainType() {
        return domainType;
    }

    Connect connect() {
        return connect;
    }

    @Override
    public HostInfo hostInfo() {
        return call(null, null, "read host info", () -> {
            NodeInfo node = connect.nodeInfo();
            long memoryMiB = node.memory / 1024;
            long freeMiB = Math.min(memoryMiB, domainType.equals("test") ? memoryMiB - activeDomainsMiB() : connect.getFreeMemory() / (1024 * 1024));
            return new HostInfo(connect.getHostName(), connect.getType(), version(connect.getVersion()),
                    node.cpus, memoryMiB, freeMiB, node.model);
        });
    }

    /**
     * libvirt's test driver answers virNodeGetFreeMemory with a constant of its cells' figures (3 MiB
     * in test:///default), not a model of its domains: for it, free memory is what its running domains
     * leave of the host's.
     */
    private long activeDomainsMiB() throws LibvirtException {
        long kib = 0;
        for (Domain d : connect.listAllDomains(1)) { // VIR_CONNECT_LIST_DOMAINS_ACTIVE
            kib += d.getInfo().memory;
        }
        return kib / 1024;
    }

    /** libvirt's version number, major * 1,000,000 + minor * 1,000 + release, as "major.minor.release". */
    static String version(long number) {
        return number / 1_000_000 + "." + number / 1_000 % 1_000 + "." + number % 1_000;
    }

    @Override
    public boolean isAlive() {
        try {
            return connect.isConnected() && connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    @Override
    public <C extends Capability> Optional<C> find(Class<C> capability) {
        return Optional.ofNullable(capabilities.get(capability)).map(capability::cast);
    }

    @Override
    public void close() {
        ((LibvirtEvents) capabilities.get(DomainEvents.class)).closeAll();
        if (console != null) {
            console.closeAll();
        }
        closeQuietly(connect);
    }

    private static void closeQuietly(Connect connect) {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // the connection is gone either way
        }
    }

    /** The domain with this UUID, or the SPI's "no such domain". */
    Domain domain(UUID uuid, String operation) {
        return call(uuid, null, operation, () -> connect.domainLookupByUUID(uuid));
    }

    @FunctionalInterface
    interface LibvirtCall<T> {
        T run() throws LibvirtException;
    }

    /** Runs a libvirt call, turning its error into the SPI's exception naming this host, the VM and the operation. */
    <T> T call(UUID uuid, String vm, String operation, LibvirtCall<T> body) {
        try {
            return body.run();
        } catch (LibvirtException e) {
            String name = vm != null ? vm : uuid == null ? null : uuid.toString();
            HypervisorException mapped = LibvirtCallException.of(uri, uuid, name, operation, e);
            throw mapped;
        }
    }
}
