package org.xensv.webui.network;

import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.network.NetworkForm;
import org.xensv.toolstack.network.NetworkService;
import org.xensv.toolstack.network.NetworkView;
import org.xensv.toolstack.network.VifForm;
import org.xensv.toolstack.network.VifService;
import org.xensv.toolstack.network.VifView;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.webui.details.DetailTab;

/**
 * The console's networking: the network editor (opened from the toolbar) and a VM's Network tab.
 * The only class of this package that calls the toolstack; dialogs and forms get these methods.
 */
@Component
public class NetworkConsole {

    private final NetworkService networks;
    private final VifService vifs;
    private final HostService hosts;
    private final QosPolicies qosPolicies;

    private final org.xensv.webui.tag.TagConsole tags;

    NetworkConsole(NetworkService networks, VifService vifs, HostService hosts, org.xensv.webui.tag.TagConsole tags,
                   QosPolicies qosPolicies) {
        this.tags = tags;
        this.qosPolicies = qosPolicies;
        this.networks = networks;
        this.vifs = vifs;
        this.hosts = hosts;
    }

    /** The networks' tags, for the network editor. */
    org.xensv.webui.tag.TagConsole tags() {
        return tags;
    }

    /** A VM's Network tab: its VIFs, with add, edit and remove. */
    public DetailTab tab() {
        return new NetworkTab(this);
    }

    /** The toolbar button (disabled, saying why, for a role that may not use it) that opens the network editor. */
    public Button editorButton() {
        Button button = new Button("Networks", VaadinIcon.CONNECT.create(), e -> {
            if (org.xensv.webui.security.Guard.check(org.xensv.toolstack.security.Action.NETWORK_MANAGE)) {
                new NetworkEditor(this).open();
            }
        });
        button.setId("open-networks");
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        button.setTooltipText("Create, edit and delete the pool's networks and VLANs");
        org.xensv.webui.security.Guard.apply(button, org.xensv.toolstack.security.Action.NETWORK_MANAGE);
        return button;
    }

    /** The NICs of a New VM wizard: every network offered (untagged first), checked by the toolstack's own rules. */
    public WizardNics wizardNics() {
        List<NetworkView> all = networks.list().stream()
                .sorted(java.util.Comparator.comparing(NetworkView::tagged)).toList();
        return new WizardNics(all.stream().map(n -> new WizardNics.NetworkChoice(n.id(), n.poolId(), n.name() + " (" + n.vlanLabel() + ")")).toList(),
                vifs::checkForNewVm);
    }

    /** Creates the VM with these VIFs (plugged before it starts), as the New VM wizard asks. */
    public org.xensv.toolstack.vm.VmService.Created createVm(org.xensv.toolstack.vm.VmSpec spec, List<VifForm> nics) {
        return vifs.createVm(spec, nics);
    }

    List<NetworkView> networks() {
        return networks.list();
    }

    /** The networks a VM on this host can be plugged into: those of the host's pool. */
    List<NetworkView> networksFor(UUID hostId) {
        return networks.inPool(hosts.get(hostId).poolId());
    }

    NetworkView createNetwork(NetworkForm form) {
        return networks.create(form);
    }

    NetworkView updateNetwork(UUID id, NetworkForm form) {
        return networks.update(id, form);
    }

    void deleteNetwork(UUID id) {
        networks.delete(id);
    }

    /** The QoS policies a VIF can follow. */
    List<QosSettings> qosPolicies() {
        return qosPolicies.list();
    }

    List<VifView> vifs(UUID vmId) {
        return vifs.list(vmId);
    }

    VifView addVif(UUID vmId, VifForm form) {
        return vifs.add(vmId, form);
    }

    VifView updateVif(UUID vmId, UUID vifId, VifForm form) {
        return vifs.update(vmId, vifId, form);
    }

    void removeVif(UUID vmId, UUID vifId) {
        vifs.remove(vmId, vifId);
    }
}
