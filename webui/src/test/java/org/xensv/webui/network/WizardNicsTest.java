package org.xensv.webui.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.network.VifForm;
import org.xensv.webui.vm.NewVmWizardModel;
import org.xensv.webui.vm.NewVmWizardModel.Field;
import org.xensv.webui.vm.NewVmWizardModel.FieldError;
import org.xensv.webui.vm.NewVmWizardModel.HostChoice;
import org.xensv.webui.vm.NewVmWizardModel.Step;

/** The New VM wizard's NIC section, driven without a browser. */
class WizardNicsTest {

    private final UUID pool = UUID.randomUUID();
    private final WizardNics.NetworkChoice plain = new WizardNics.NetworkChoice(UUID.randomUUID(), pool, "Pool network (untagged)");
    private final WizardNics.NetworkChoice vlan42 = new WizardNics.NetworkChoice(UUID.randomUUID(), pool, "dmz (VLAN 42)");
    /** Stands for the toolstack's check: a MAC of the pool is taken, and a MAC the wizard already chose is refused. */
    private final WizardNics.Check check = (host, form, taken) -> {
        if (form.mac() != null && form.mac().equalsIgnoreCase("00:16:3e:00:00:01")) {
            throw new InvalidValueException("mac", form.mac(), "is already used by another VIF in this pool");
        }
        if (form.mac() != null && taken.contains(form.mac().toLowerCase())) {
            throw new InvalidValueException("mac", form.mac(), "is already given to another NIC of this VM");
        }
    };
    private final HostChoice host = new HostChoice(UUID.randomUUID(), "h", 4, 4096, true);
    private final NewVmWizardModel model = new NewVmWizardModel(List.of(host), Set.<String>of()::contains);

    private void upToTheHostPage() {
        model.setName("with-nics");
        model.next();
        model.next();
        assertThat(model.step()).isEqualTo(Step.PLACEMENT);
    }

    @Test
    void theWizardProposesOneNicOnTheFirstNetworkAndNumbersNicsByPosition() {
        WizardNics nics = new WizardNics(List.of(plain, vlan42), check);
        model.useNics(nics);
        nics.proposeDefault();
        nics.add(new WizardNics.Nic(vlan42.id(), "00:16:3e:00:00:42", "10Mb/s@50ms"));

        assertThat(nics.forms()).containsExactly(
                new VifForm(plain.id(), "", "", 0),
                new VifForm(vlan42.id(), "00:16:3e:00:00:42", "10Mb/s@50ms", 1));
        upToTheHostPage();
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.DISK);
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.SUMMARY);
        assertThat(model.summary()).anySatisfy(line -> assertThat(line[1]).contains("dmz (VLAN 42) 00:16:3e:00:00:42 @ 10Mb/s@50ms"));
    }

    @Test
    void aTakenOrRepeatedMacKeepsTheWizardOnTheHostPageWithTheReasonAtTheNics() {
        WizardNics nics = new WizardNics(List.of(plain), check);
        model.useNics(nics);
        nics.add(new WizardNics.Nic(plain.id(), "00:16:3e:00:00:01", ""));
        nics.add(new WizardNics.Nic(plain.id(), "00:16:3e:00:00:07", ""));
        nics.add(new WizardNics.Nic(plain.id(), "00:16:3E:00:00:07", ""));
        upToTheHostPage();

        List<FieldError> errors = model.next();

        assertThat(model.step()).isEqualTo(Step.PLACEMENT);
        assertThat(errors).extracting(FieldError::field).containsOnly(Field.NICS);
        assertThat(errors).extracting(FieldError::message).containsExactly(
                "NIC 0: mac is already used by another VIF in this pool (got 00:16:3e:00:00:01).",
                "NIC 2: mac is already given to another NIC of this VM (got 00:16:3E:00:00:07).");
        nics.remove(2);
        nics.remove(0);
        assertThat(model.next()).isEmpty();
    }

    @Test
    void withoutNetworksTheWizardCreatesAVmWithoutNics() {
        upToTheHostPage();
        model.nics().proposeDefault();
        assertThat(model.next()).isEmpty();
        assertThat(model.nics().forms()).isEmpty();
        assertThat(model.summary()).anySatisfy(line -> assertThat(line[1]).isEqualTo("No NIC"));
    }
}
