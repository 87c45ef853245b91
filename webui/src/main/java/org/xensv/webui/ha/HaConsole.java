package org.xensv.webui.ha;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.vm.PoolHaView;
import org.xensv.toolstack.vm.VmHaForm;
import org.xensv.toolstack.vm.VmHaService;
import org.xensv.toolstack.vm.VmHaView;
import org.xensv.webui.details.DetailTab;

/**
 * The console's high availability: the HA tab of a VM (its restart priority and order) and of a
 * pool (its host-lost timeout). The only class of this package that calls the toolstack.
 */
@Component
public class HaConsole {

    private final VmHaService ha;

    HaConsole(VmHaService ha) {
        this.ha = ha;
    }

    public DetailTab tab() {
        return new HaTab(this);
    }

    VmHaView vm(UUID id) {
        return ha.get(id);
    }

    VmHaView setVm(UUID id, VmHaForm form) {
        return ha.set(id, form);
    }

    PoolHaView pool(UUID id) {
        return ha.pool(id);
    }

    PoolHaView setPool(UUID id, Integer seconds) {
        return ha.setPool(id, seconds);
    }
}
