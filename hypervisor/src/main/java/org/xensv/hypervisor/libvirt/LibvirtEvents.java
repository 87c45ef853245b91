package org.xensv.hypervisor.libvirt;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.libvirt.event.StoppedDetail;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainEventListener;
import org.xensv.hypervisor.spi.DomainEvents;

/**
 * libvirt's domain lifecycle events ({@code virConnectDomainEventRegisterAny}), pushed by the
 * process's libvirt event loop, as power states: started and resumed = running, suspended = paused,
 * stopped or crashed = halted (suspended when libvirt saved it). Defined and undefined are passed on
 * as a change of the host's domain list; the guest's own shutdown notices (a "stopped" event follows)
 * are not passed on.
 */
final class LibvirtEvents implements DomainEvents {

    private final LibvirtConnection host;
    private final List<LifecycleListener> registered = new CopyOnWriteArrayList<>();

    LibvirtEvents(LibvirtConnection host) {
        this.host = host;
    }

    @Override
    public AutoCloseable subscribe(DomainEventListener listener) {
        LifecycleListener adapter = (domain, event) -> {
            deliver(listener, domain, event);
            return 0;
        };
        host.call(null, null, "subscribe to domain events", () -> {
            host.connect().addLifecycleListener(adapter);
            return null;
        });
        registered.add(adapter);
        return () -> unsubscribe(adapter);
    }

    private static void deliver(DomainEventListener listener, Domain domain, DomainEvent event) {
        boolean listChanged = switch (event.getType()) {
            case DEFINED, UNDEFINED -> true;
            default -> false;
        };
        PowerState state = switch (event.getType()) {
            case STARTED, RESUMED -> PowerState.RUNNING;
            case SUSPENDED, PMSUSPENDED -> PowerState.PAUSED;
            case STOPPED -> event.getDetail() == StoppedDetail.SAVED ? PowerState.SUSPENDED : PowerState.HALTED;
            case CRASHED -> PowerState.HALTED;
            default -> null;
        };
        if (state == null && !listChanged) {
            return;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(domain.getUUIDString());
        } catch (LibvirtException e) {
            return; // the domain went away before its event was read
        }
        String detail = String.valueOf(event.getDetail()).toLowerCase().replace('_', ' ');
        String reason = event.getType().name().toLowerCase() + " (" + detail + ")";
        if (listChanged) {
            listener.domainListChanged(uuid, reason);
        } else {
            listener.powerStateChanged(uuid, state, reason);
        }
    }

    private void unsubscribe(LifecycleListener adapter) {
        if (registered.remove(adapter)) {
            try {
                host.connect().removeLifecycleListener(adapter);
            } catch (LibvirtException e) {
                // the connection closed: its callbacks are gone with it
            }
        }
    }

    void closeAll() {
        for (LifecycleListener adapter : List.copyOf(registered)) {
            unsubscribe(adapter);
        }
    }
}
