package org.xensv.webui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xensv.webui.vm.NewVmDisk.ImageChoice;
import org.xensv.webui.vm.NewVmDisk.Kind;
import org.xensv.webui.vm.NewVmDisk.RepositoryChoice;
import org.xensv.webui.vm.NewVmWizardModel.Field;
import org.xensv.webui.vm.NewVmWizardModel.FieldError;
import org.xensv.webui.vm.NewVmWizardModel.HostChoice;
import org.xensv.webui.vm.NewVmWizardModel.Step;

/** The New VM wizard's disk step, driven without a browser. */
class NewVmDiskTest {

    private final HostChoice host1 = new HostChoice(UUID.randomUUID(), "host-1", 8, 16384, true);
    private final HostChoice host2 = new HostChoice(UUID.randomUUID(), "host-2", 8, 8192, true);
    private final RepositoryChoice local1 = new RepositoryChoice(UUID.randomUUID(), "Local storage on host-1", host1.id(), 4096);
    private final RepositoryChoice local2 = new RepositoryChoice(UUID.randomUUID(), "Local storage on host-2", host2.id(), 4096);
    private final RepositoryChoice shared = new RepositoryChoice(UUID.randomUUID(), "Shared", null, 100_000);
    private final ImageChoice onHost2 = new ImageChoice(UUID.randomUUID(), "h2-disk", host2.id(), 512, false, false);
    private final ImageChoice sharedFree = new ImageChoice(UUID.randomUUID(), "golden", null, 2048, false, false);
    private final ImageChoice sharedBusy = new ImageChoice(UUID.randomUUID(), "busy", null, 2048, false, true);
    private final ImageChoice iso = new ImageChoice(UUID.randomUUID(), "debian.iso", null, 600, true, true);
    private final NewVmWizardModel model = new NewVmWizardModel(List.of(host1, host2), Set.of()::contains);
    private NewVmDisk disk;

    @BeforeEach
    void toDiskStep() {
        disk = new NewVmDisk(List.of(local1, local2, shared), List.of(onHost2, sharedFree, sharedBusy, iso));
        model.setDisk(disk);
        model.setName("with-disk");
        model.next();
        model.next();
        model.setHostId(host1.id());
        model.next();
        assertThat(model.step()).isEqualTo(Step.DISK);
    }

    @Test
    void offersOnlyWhatTheChosenHostReaches() {
        assertThat(disk.repositoriesFor(host1.id())).containsExactly(local1, shared);
        assertThat(disk.imagesFor(host1.id())).containsExactly(sharedFree, sharedBusy, iso);
    }

    @Test
    void noDiskIsTheDefaultAndNeedsNothing() {
        assertThat(disk.kind()).isEqualTo(Kind.NONE);
        assertThat(model.next()).isEmpty();
        assertThat(model.summary()).anySatisfy(line -> assertThat(line).containsExactly("Disk", "None"));
    }

    @Test
    void aBlankDiskNeedsARepositoryTheHostReachesAndASizeThatFits() {
        disk.setKind(Kind.BLANK);
        assertThat(model.next()).extracting(FieldError::field).containsExactly(Field.DISK);
        disk.setRepositoryId(local2.id());
        assertThat(model.next()).extracting(FieldError::message).singleElement().asString().contains("another host's local storage");
        disk.setRepositoryId(local1.id());
        disk.setSizeMiB("lots");
        assertThat(model.next()).extracting(FieldError::message).singleElement().asString().contains("whole number of MiB");
        disk.setSizeMiB("8192");
        assertThat(model.next()).extracting(FieldError::message).singleElement().asString().contains("4096 MiB free");
        disk.setSizeMiB("2048");
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.SUMMARY);
        assertThat(model.validate(Step.SUMMARY)).isEmpty();
        assertThat(model.summary()).anySatisfy(line -> assertThat(line)
                .containsExactly("Disk", "New blank disk of 2048 MiB in Local storage on host-1"));
    }

    @Test
    void anExistingImageMustBeReachableAndFreeUnlessItIsAnIso() {
        disk.setKind(Kind.EXISTING);
        assertThat(model.next()).extracting(FieldError::message).containsExactly("Choose an image");
        disk.setImageId(onHost2.id());
        assertThat(model.next()).extracting(FieldError::message).singleElement().asString().contains("another host's local storage");
        disk.setImageId(sharedBusy.id());
        assertThat(model.next()).extracting(FieldError::message).singleElement().asString().contains("attached to another VM");
        disk.setImageId(iso.id());
        assertThat(model.validate(Step.DISK)).isEmpty();
        disk.setImageId(sharedFree.id());
        assertThat(model.next()).isEmpty();
    }

    @Test
    void changingTheHostAfterChoosingALocalRepositoryIsCaughtAtTheSummary() {
        disk.setKind(Kind.BLANK);
        disk.setRepositoryId(local1.id());
        disk.setSizeMiB("1024");
        assertThat(model.next()).isEmpty();
        model.setHostId(host2.id());
        assertThat(model.validate(Step.SUMMARY)).extracting(FieldError::field).containsExactly(Field.DISK);
    }
}
