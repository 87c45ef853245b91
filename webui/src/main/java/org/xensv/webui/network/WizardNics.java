package org.xensv.webui.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.network.VifForm;

/**
 * The NICs of the New VM wizard, without a browser: the networks offered, the NICs chosen (device
 * = position), and their check, which is the toolstack's own (network in the host's pool, MAC
 * well-formed and free, rate in xl's syntax), so a NIC the wizard accepts is one the toolstack adds.
 */
public final class WizardNics {

    /** A network the VM can be plugged into. */
    public record NetworkChoice(UUID id, UUID poolId, String label) {
    }

    /** One NIC as typed: network, MAC (empty = generated), rate (empty = unlimited). */
    public record Nic(UUID networkId, String mac, String rate) {
    }

    /** The toolstack's check of one NIC for a VM on this host, given the MACs already chosen; throws on a broken rule. */
    @FunctionalInterface
    public interface Check {
        void check(UUID hostId, VifForm form, Set<String> taken);
    }

    private final List<NetworkChoice> networks;
    private final Check check;
    private final List<Nic> nics = new ArrayList<>();

    public WizardNics(List<NetworkChoice> networks, Check check) {
        this.networks = List.copyOf(networks);
        this.check = check;
    }

    /** No networks to offer (a wizard without the network section). */
    public static WizardNics none() {
        return new WizardNics(List.of(), (host, form, taken) -> { });
    }

    public List<NetworkChoice> networks() {
        return networks;
    }

    public List<Nic> nics() {
        return List.copyOf(nics);
    }

    public void add(Nic nic) {
        nics.add(nic);
    }

    public void remove(int device) {
        nics.remove(device);
    }

    /** One NIC on the first network offered (the pool's default network first), as XenCenter's wizard proposes. */
    public void proposeDefault() {
        if (nics.isEmpty() && !networks.isEmpty()) {
            nics.add(new Nic(networks.get(0).id(), "", ""));
        }
    }

    /** The broken rules, one sentence each, naming the NIC and its field; empty when all NICs are acceptable. */
    public List<String> validate(UUID hostId) {
        List<String> errors = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int device = 0; device < nics.size(); device++) {
            VifForm form = form(device);
            try {
                check.check(hostId, form, taken);
                if (form.mac() != null && !form.mac().isBlank()) {
                    taken.add(form.mac().strip().toLowerCase(java.util.Locale.ROOT).replace('-', ':'));
                }
            } catch (InvalidValueException e) {
                errors.add("NIC " + device + ": " + e.getMessage());
            }
        }
        return errors;
    }

    /** The VIFs to add once the VM exists, device = position. */
    public List<VifForm> forms() {
        List<VifForm> forms = new ArrayList<>();
        for (int device = 0; device < nics.size(); device++) {
            forms.add(form(device));
        }
        return forms;
    }

    /** "Embedded pool network (untagged), e2e (VLAN 42)" or "none", for the summary. */
    public String summary() {
        if (nics.isEmpty()) {
            return "No NIC";
        }
        return String.join(", ", nics.stream().map(n -> networks.stream().filter(c -> c.id().equals(n.networkId()))
                .findFirst().map(NetworkChoice::label).orElse("?")
                + (n.mac() == null || n.mac().isBlank() ? "" : " " + n.mac().strip())
                + (n.rate() == null || n.rate().isBlank() ? "" : " @ " + n.rate().strip())).toList());
    }

    private VifForm form(int device) {
        Nic nic = nics.get(device);
        return new VifForm(nic.networkId(), nic.mac(), nic.rate(), device);
    }
}
