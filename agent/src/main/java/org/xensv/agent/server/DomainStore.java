package org.xensv.agent.server;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.xensv.agent.wire.DomainMessages;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.ManagedSave;

/**
 * The agent's domains outlive the agent, as a libvirt host's do: each defined domain's config is
 * kept under {@code <data>/domains/<uuid>.pb} (the protobuf {@code DomainConfig}), written within a
 * second of the domain appearing or changing and removed when it goes (undefined, or migrated
 * away). A clean stop saves every running or paused domain (managed save) and notes its state; the
 * next start defines every kept domain again: a saved one comes back as it was (running, paused or
 * suspended) with its memory, any other halted, which is how a domain that was running when the
 * agent crashed comes back.
 */
final class DomainStore {

    private static final System.Logger LOG = System.getLogger(DomainStore.class.getName());
    private static final String CONFIG = ".pb";
    private static final String STATE = ".state";

    private final Path directory;
    private final Map<UUID, byte[]> written = new HashMap<>();

    DomainStore(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the agent's domain directory " + directory, e);
        }
    }

    /** Defines every kept domain again on the (fresh) host; returns the names of those that came back. */
    synchronized List<String> restore(HostConnection host) {
        DomainLifecycle lifecycle = host.lifecycle();
        ManagedSave saves = host.find(ManagedSave.class).orElse(null);
        List<String> restored = new java.util.ArrayList<>();
        for (Path file : files(CONFIG)) {
            DomainConfig config = read(file);
            if (config == null) {
                continue;
            }
            Path stateFile = directory.resolve(config.uuid() + STATE);
            try {
                if (saves != null && saves.hasManagedSaveImage(config.uuid())) {
                    saves.defineFromManagedSave(config);
                    PowerState before = readState(stateFile);
                    if (before == PowerState.RUNNING) {
                        lifecycle.resume(config.uuid());
                    } else if (before == PowerState.PAUSED) {
                        saves.resumePaused(config.uuid());
                    }
                } else {
                    lifecycle.define(config);
                }
                restored.add(config.name().value());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "domain {0} ({1}) could not be restored: {2}", config.name(), config.uuid(), e.getMessage());
            }
            deleteQuietly(stateFile);
        }
        sync(host);
        return restored;
    }

    /** Writes the config of every domain the host has and that changed; removes those it no longer has. */
    synchronized void sync(HostConnection host) {
        DomainLifecycle lifecycle = host.lifecycle();
        Set<UUID> present = new HashSet<>();
        for (DomainInfo info : lifecycle.list()) {
            present.add(info.uuid());
            byte[] bytes;
            try {
                bytes = DomainMessages.toProto(lifecycle.config(info.uuid())).toByteArray();
            } catch (RuntimeException e) {
                continue; // it went between the list and the read: the next round sees it gone
            }
            if (!Arrays.equals(bytes, written.get(info.uuid()))) {
                write(directory.resolve(info.uuid() + CONFIG), bytes);
                written.put(info.uuid(), bytes);
            }
        }
        for (Path file : files(CONFIG)) {
            UUID uuid = uuidOf(file);
            if (uuid != null && !present.contains(uuid)) {
                deleteQuietly(file);
                written.remove(uuid);
            }
        }
    }

    /** A clean stop: running and paused domains are saved with their state noted, then every config is kept. */
    synchronized void saveAll(HostConnection host) {
        ManagedSave saves = host.find(ManagedSave.class).orElse(null);
        if (saves != null) {
            for (DomainInfo info : host.lifecycle().list()) {
                if (info.powerState() == PowerState.RUNNING || info.powerState() == PowerState.PAUSED) {
                    try {
                        saves.managedSave(info.uuid());
                        write(directory.resolve(info.uuid() + STATE), info.powerState().name().getBytes());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "domain {0} could not be saved: {1}", info.name(), e.getMessage());
                    }
                }
            }
        }
        sync(host);
    }

    private List<Path> files(String suffix) {
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static UUID uuidOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return UUID.fromString(name.substring(0, name.length() - CONFIG.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static DomainConfig read(Path file) {
        try {
            return DomainMessages.config(org.xensv.agent.proto.DomainConfig.parseFrom(Files.readAllBytes(file)));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} is not a domain config, skipped: {1}", file, e.getMessage());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static PowerState readState(Path file) {
        try {
            return Files.isRegularFile(file) ? PowerState.valueOf(Files.readString(file).strip()) : PowerState.SUSPENDED;
        } catch (IOException | IllegalArgumentException e) {
            return PowerState.SUSPENDED;
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left for the next round
        }
    }
}
