package org.xensv.hypervisor.migration;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.workload.GuestState;

/** A destination for engine tests: memory and CPU admission, domains by uuid, a migration listener. */
final class TestHost implements MigrationTarget, AutoCloseable {

    final String name;
    final long memoryMiB;
    final int pcpus;
    final Map<UUID, Object> domains = new ConcurrentHashMap<>();
    final MigrationListener listener;

    TestHost(String name, long memoryMiB, int pcpus) {
        this.name = name;
        this.memoryMiB = memoryMiB;
        this.pcpus = pcpus;
        this.listener = MigrationListener.open(this);
    }

    @Override
    public String hostName() {
        return name;
    }

    TestGuest guest(UUID uuid) {
        return domains.get(uuid) instanceof TestGuest g ? g : null;
    }

    long running() {
        return domains.values().stream().filter(d -> d instanceof TestGuest g && g.running()).count();
    }

    @Override
    public IncomingDomain prepareIncoming(byte[] config) {
        try (var in = new DataInputStream(new ByteArrayInputStream(config))) {
            UUID uuid = new UUID(in.readLong(), in.readLong());
            String vm = in.readUTF();
            long mib = in.readLong();
            int vcpus = in.readInt();
            if (vcpus > pcpus) {
                throw new InsufficientResourcesException(name, vm, "CPUs", vcpus, pcpus, "pCPUs");
            }
            if (mib > memoryMiB) {
                throw new InsufficientResourcesException(name, vm, "memory", mib, memoryMiB, "MiB");
            }
            if (domains.containsKey(uuid)) {
                throw new InvalidValueException("uuid", uuid, "is already on host " + name);
            }
            Incoming incoming = new Incoming(uuid, vm, GuestMemory.ofMiB(mib));
            domains.put(uuid, incoming);
            return incoming;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    final class Incoming implements IncomingDomain {
        final UUID uuid;
        final String vm;
        final GuestMemory memory;

        Incoming(UUID uuid, String vm, GuestMemory memory) {
            this.uuid = uuid;
            this.vm = vm;
            this.memory = memory;
        }

        @Override
        public String name() {
            return vm;
        }

        @Override
        public GuestMemory memory() {
            return memory;
        }

        private volatile TestGuest started;

        @Override
        public void start(byte[] state) {
            started = TestGuest.restore(TestHost.this, uuid, vm, memory, GuestState.fromBytes(state));
        }

        @Override
        public void discard() {
            TestGuest guest = started;
            if (guest != null) {
                guest.stop(); // rolled back after it resumed here
                domains.remove(uuid, guest);
            }
            domains.remove(uuid, this);
        }
    }

    @Override
    public void close() {
        listener.close();
        domains.values().forEach(d -> {
            if (d instanceof TestGuest g) {
                g.stop();
            }
        });
    }
}
