package org.xensv.toolstack.network;

import org.xensv.toolstack.audit.Audited;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.StaleObjectException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.pool.PoolService;
import org.xensv.toolstack.pool.PoolView;

/**
 * Pool-wide networks. Every value is checked before anything is written, so a refused request
 * changes nothing. Segment rule: a tagged network's switch segment is its tag; an untagged one
 * takes the highest id (4094 downwards) no other network of the pool uses, so untagged networks
 * are as separate from each other as tagged ones.
 */
@Service
public class NetworkService {

    static final int MIN_VLAN = 1;
    static final int MAX_VLAN = 4094;
    static final int MIN_MTU = 68;
    static final int MAX_MTU = 9000;

    private final NetworkRepository networks;
    private final PoolService pools;
    private final EventBus events;

    NetworkService(NetworkRepository networks, PoolService pools, EventBus events) {
        this.networks = networks;
        this.pools = pools;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<NetworkView> list() {
        return networks.findAllByOrderByName().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public List<NetworkView> inPool(UUID poolId) {
        return networks.findByPoolIdOrderByName(poolId).stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public NetworkView get(UUID id) {
        return view(find(id));
    }

    @Transactional
    @Audited("network.create")
    public NetworkView create(NetworkForm form) {
        UUID poolId = poolOf(form.poolId());
        String name = checkName(form.name(), null);
        String description = checkDescription(form.description());
        Integer vlan = checkVlan(form.vlan());
        int mtu = checkMtu(form.mtu());
        int segment = vlan != null ? checkSegmentFree(poolId, vlan, null) : freeUntaggedSegment(poolId);
        Network network = networks.saveAndFlush(new Network(poolId, name, description, vlan, segment, mtu));
        events.created(ObjectType.NETWORK, network.id());
        return view(network);
    }

    /** Edits a network; its VLAN can change only while no VIF is on it (the hosts' switch ports would have to move). */
    @Transactional
    @Audited("network.update")
    public NetworkView update(UUID id, NetworkForm form) {
        Network network = find(id);
        StaleObjectException.check("network", network.name(), form.version(), network.version());
        String name = checkName(form.name(), id);
        String description = checkDescription(form.description());
        Integer vlan = checkVlan(form.vlan());
        int mtu = checkMtu(form.mtu());
        int segment = network.segment();
        if (!Objects.equals(vlan, network.vlan())) {
            List<String> users = networks.vmsUsing(id);
            if (!users.isEmpty()) {
                throw new ConflictException("NETWORK_IN_USE", Map.of("network", network.name(), "vms", users),
                        "The VLAN of network '" + network.name() + "' cannot change while VMs use it: "
                                + String.join(", ", users) + ". Remove their VIFs on it first.");
            }
            segment = vlan != null ? checkSegmentFree(network.poolId(), vlan, id) : freeUntaggedSegment(network.poolId());
        }
        network.change(name, description, vlan, segment, mtu);
        networks.flush();
        events.changed(ObjectType.NETWORK, id);
        return view(network);
    }

    /** Deletes a network no VIF uses; refused naming the VMs otherwise. */
    @Transactional
    @Audited("network.delete")
    public void delete(UUID id) {
        Network network = find(id);
        List<String> users = networks.vmsUsing(id);
        if (!users.isEmpty()) {
            throw new ConflictException("NETWORK_IN_USE", Map.of("network", network.name(), "vms", users),
                    "Network '" + network.name() + "' is in use by " + users.size() + " VM(s): " + String.join(", ", users)
                            + ". Remove their VIFs on it first.");
        }
        networks.delete(network);
        events.deleted(ObjectType.NETWORK, id);
    }

    /**
     * Gives a pool that has no network its default untagged one ("&lt;pool&gt; network"), as a
     * XenServer pool has a network per physical interface. In a transaction of its own: it is called
     * after the pool's own transaction committed.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void ensureDefault(UUID poolId) {
        if (!pools.exists(poolId) || networks.existsByPoolId(poolId)) {
            return;
        }
        PoolView pool = pools.get(poolId);
        String name = pool.name() + " network";
        for (int n = 2; networks.findByNameIgnoreCase(name).isPresent(); n++) {
            name = pool.name() + " network " + n;
        }
        Network network = networks.saveAndFlush(new Network(poolId, name.length() > 64 ? name.substring(0, 64) : name,
                "Default untagged network of the pool", null, freeUntaggedSegment(poolId), NetworkForm.DEFAULT_MTU));
        events.created(ObjectType.NETWORK, network.id());
    }

    Network find(UUID id) {
        return networks.findById(id).orElseThrow(() -> new NotFoundException("network", id));
    }

    private NetworkView view(Network network) {
        return network.view(networks.vmsUsing(network.id()));
    }

    private UUID poolOf(UUID poolId) {
        if (poolId == null) {
            List<PoolView> all = pools.list();
            if (all.size() == 1) {
                return all.get(0).id();
            }
            throw new InvalidValueException("poolId", null, "must name the pool the network belongs to (there are " + all.size() + ")");
        }
        if (!pools.exists(poolId)) {
            throw new InvalidValueException("poolId", poolId, "must name an existing pool");
        }
        return poolId;
    }

    private String checkName(String name, UUID self) {
        if (name == null || name.isBlank() || name.strip().length() > 64) {
            throw new InvalidValueException("name", name, "must be 1 to 64 characters");
        }
        String stripped = name.strip();
        networks.findByNameIgnoreCase(stripped).filter(other -> !other.id().equals(self)).ifPresent(other -> {
            throw new InvalidValueException("name", stripped, "is already used by another network");
        });
        return stripped;
    }

    private static String checkDescription(String description) {
        if (description != null && description.length() > 255) {
            throw new InvalidValueException("description", description.length() + " characters", "must be at most 255 characters");
        }
        return description == null ? "" : description.strip();
    }

    private static Integer checkVlan(Integer vlan) {
        if (vlan != null && (vlan < MIN_VLAN || vlan > MAX_VLAN)) {
            throw new InvalidValueException("vlan", vlan, "must be between 1 and 4094, or empty for an untagged network");
        }
        return vlan;
    }

    private static int checkMtu(Integer mtu) {
        if (mtu == null) {
            return NetworkForm.DEFAULT_MTU;
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new InvalidValueException("mtu", mtu, "must be between 68 and 9000 bytes");
        }
        return mtu;
    }

    /** A tag is free when no other network of the pool carries it, as a tag or as an untagged network's segment. */
    private int checkSegmentFree(UUID poolId, int vlan, UUID self) {
        networks.findByPoolIdAndSegment(poolId, vlan).filter(other -> !other.id().equals(self)).ifPresent(other -> {
            throw new InvalidValueException("vlan", vlan, other.vlan() != null
                    ? "is already the tag of network '" + other.name() + "' in this pool"
                    : "is the switch segment of the untagged network '" + other.name() + "' in this pool; pick another tag");
        });
        return vlan;
    }

    private int freeUntaggedSegment(UUID poolId) {
        var used = networks.findByPoolIdOrderByName(poolId).stream().map(Network::segment).collect(java.util.stream.Collectors.toSet());
        for (int segment = MAX_VLAN; segment >= MIN_VLAN; segment--) {
            if (!used.contains(segment)) {
                return segment;
            }
        }
        throw new InvalidValueException("vlan", null, "cannot be untagged: all 4094 switch segments of the pool are in use");
    }
}
