package org.xensv.webui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.webui.vm.NewVmWizardModel.Field;
import org.xensv.webui.vm.NewVmWizardModel.FieldError;
import org.xensv.webui.vm.NewVmWizardModel.HostChoice;
import org.xensv.webui.vm.NewVmWizardModel.Step;

class NewVmWizardModelTest {

    private final HostChoice small = new HostChoice(UUID.randomUUID(), "small", 4, 2048, true);
    private final HostChoice big = new HostChoice(UUID.randomUUID(), "big", 8, 16384, true);
    private final HostChoice offline = new HostChoice(UUID.randomUUID(), "offline", 8, 65536, false);
    private final NewVmWizardModel model = new NewVmWizardModel(List.of(small, big, offline), Set.of("taken")::contains);

    @Test
    void startsOnTheFirstStepWithTheAvailableHostThatHasMostFreeMemory() {
        assertThat(model.step()).isEqualTo(Step.GENERAL);
        assertThat(model.hostId()).isEqualTo(big.id());
    }

    @Test
    void emptyNameStaysOnTheFirstStepWithAnErrorAtTheNameField() {
        List<FieldError> errors = model.next();
        assertThat(errors).extracting(FieldError::field).containsExactly(Field.NAME);
        assertThat(errors.get(0).message()).isEqualTo("Must not be empty");
        assertThat(model.step()).isEqualTo(Step.GENERAL);
    }

    @Test
    void nameWithSpacesBreaksTheServersRule() {
        model.setName("my vm");
        assertThat(model.next()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(Field.NAME);
            assertThat(e.message()).startsWith("Must be 1 to 64 letters");
        });
    }

    @Test
    void nameUsedByAnotherVmIsRefused() {
        model.setName("taken");
        assertThat(model.next()).extracting(FieldError::message).containsExactly("Is already used by another VM");
    }

    @Test
    void unknownTypeIsShownAtTheTypeField() {
        model.setName("ok");
        model.setType("LXC");
        assertThat(model.next()).extracting(FieldError::field).containsExactly(Field.TYPE);
    }

    @Test
    void memoryThatIsNotANumberIsShownAtTheMemoryField() {
        toResources();
        model.setMemory("abc");
        assertThat(model.next()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(Field.MEMORY);
            assertThat(e.message()).contains("whole number of MiB");
        });
        assertThat(model.step()).isEqualTo(Step.RESOURCES);
    }

    @Test
    void memoryBelowTheServersMinimumIsRefusedWithItsRule() {
        toResources();
        model.setMemory("0");
        assertThat(model.next()).extracting(FieldError::message).singleElement().asString().startsWith("Must be between 1 and");
        model.setMemory("8");
        assertThat(model.next()).extracting(FieldError::message).containsExactly("Must be at least 16 MiB");
    }

    @Test
    void vcpusOutOfRangeAndMemoryErrorsAreBothReported() {
        toResources();
        model.setVcpus("0");
        model.setMemory("");
        assertThat(model.next()).extracting(FieldError::field).containsExactly(Field.VCPUS, Field.MEMORY);
    }

    @Test
    void memoryAcceptsGibibytes() {
        toResources();
        model.setMemory("2 GiB");
        assertThat(model.next()).isEmpty();
        assertThat(model.toSpec().memoryMiB()).isEqualTo(2048);
    }

    @Test
    void hostWithTooLittleFreeMemoryIsRefusedWhenStartingButNotOtherwise() {
        toResources();
        model.setMemory("4096");
        model.next();
        model.setHostId(small.id());
        assertThat(model.next()).extracting(FieldError::field).containsExactly(Field.HOST);
        model.setStart(false);
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.DISK);
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.SUMMARY);
    }

    @Test
    void unavailableHostIsRefused() {
        toPlacement();
        model.setHostId(offline.id());
        assertThat(model.next()).extracting(FieldError::message).singleElement().asString().contains("not connected");
    }

    @Test
    void completedWizardBuildsTheSpecAsTyped() {
        model.setName(" web-01 ");
        model.setType("HVM");
        model.setWorkload("WEB");
        model.next();
        model.setVcpus("2");
        model.setMemory("1024");
        model.next();
        model.setHostId(big.id());
        model.setStart(true);
        model.next();
        model.next(); // no disk
        assertThat(model.step()).isEqualTo(Step.SUMMARY);
        assertThat(model.validate(Step.SUMMARY)).isEmpty();
        assertThat(model.toSpec()).isEqualTo(new VmSpec("web-01", null, "HVM", 2, 1024L, big.id(), "WEB",
                null, null, null, null, null, null, null, true));
        assertThat(model.summary()).anySatisfy(line -> assertThat(line).containsExactly("Guest image", "Web server"));
        assertThat(model.summary()).anySatisfy(line -> assertThat(line).containsExactly("High availability", "Unprotected"));
    }

    @Test
    void aProtectedVmIsAskedForWithItsRestartPriority() {
        model.setName("db-01");
        model.setHaPriority("restart");
        assertThat(model.toSpec().haRestartPriority()).isEqualTo("restart");
        assertThat(model.summary()).anySatisfy(line -> assertThat(line).containsExactly("High availability", "Restart"));
        model.setHaPriority(null);
        assertThat(model.toSpec().haRestartPriority()).isNull();
    }

    @Test
    void aVmOnALibvirtHostIsAskedForWithoutAGuestImage() {
        HostChoice libvirt = new HostChoice(UUID.randomUUID(), "kvm-1", 16, 32768, true, false);
        NewVmWizardModel wizard = new NewVmWizardModel(List.of(small, libvirt), Set.<String>of()::contains);
        wizard.setName("kvm-guest");
        wizard.setWorkload("WEB");
        wizard.next();
        wizard.setVcpus("1");
        wizard.setMemory("512");
        wizard.next();
        wizard.setHostId(libvirt.id());
        wizard.next();
        wizard.next(); // no disk
        assertThat(wizard.step()).isEqualTo(Step.SUMMARY);
        assertThat(wizard.toSpec().workload()).isNull();
        assertThat(wizard.summary()).anySatisfy(line -> assertThat(line[0] + ": " + line[1])
                .isEqualTo("Guest image: none (a libvirt host runs no guest image)"));
    }

    @Test
    void backReturnsToThePreviousStepKeepingValues() {
        toResources();
        model.back();
        assertThat(model.step()).isEqualTo(Step.GENERAL);
        assertThat(model.name()).isEqualTo("vm-1");
    }

    @Test
    void serverRefusalOfAFieldGoesBackToItsStep() {
        toPlacement();
        model.next();
        var error = model.placeServerError(new InvalidValueException("name", "vm-1", "is already used by another VM"));
        assertThat(error).contains(new FieldError(Field.NAME, "Is already used by another VM"));
        assertThat(model.step()).isEqualTo(Step.GENERAL);
    }

    @Test
    void serverRefusalForLackOfMemoryIsShownAtTheHost() {
        toPlacement();
        model.next();
        var error = model.placeServerError(new InsufficientResourcesException("big", "vm-1", "memory", 4096, 1024, "MiB"));
        assertThat(error).hasValueSatisfying(e -> {
            assertThat(e.field()).isEqualTo(Field.HOST);
            assertThat(e.message()).contains("needs 4096 MiB of memory but only 1024 MiB are free");
        });
        assertThat(model.step()).isEqualTo(Step.PLACEMENT);
    }

    @Test
    void serverRefusalOfNoFieldIsLeftForTheDialogMessage() {
        var error = model.placeServerError(new org.xensv.hypervisor.api.HypervisorException("HOST_OFFLINE",
                java.util.Map.of(), "Host 'big' is not connected."));
        assertThat(error).isEmpty();
    }

    private void toResources() {
        model.setName("vm-1");
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.RESOURCES);
    }

    private void toPlacement() {
        toResources();
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.PLACEMENT);
    }
}
