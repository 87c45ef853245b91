package org.xensv.webui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.vm.PlacementView;
import org.xensv.webui.vm.NewVmWizardModel.Field;
import org.xensv.webui.vm.NewVmWizardModel.FieldError;
import org.xensv.webui.vm.NewVmWizardModel.HostChoice;
import org.xensv.webui.vm.NewVmWizardModel.Step;

/** The New VM wizard's host page with automatic placement offered, driven without a browser. */
class NewVmPlacementTest {

    private final HostChoice small = new HostChoice(UUID.randomUUID(), "small", 4, 2048, true);
    private final HostChoice big = new HostChoice(UUID.randomUUID(), "big", 8, 16384, true);
    private final NewVmWizardModel model = new NewVmWizardModel(List.of(small, big), Set.<String>of()::contains);
    /** What the wizard asked the toolstack: "memory/vcpus/group". */
    private final List<String> asked = new ArrayList<>();

    /** A toolstack that suggests the small host (say, the big one is busy), or none for the group "full". */
    private PlacementView suggest(long memoryMiB, int vcpus, String group) {
        asked.add(memoryMiB + "/" + vcpus + "/" + group);
        if ("full".equals(group)) {
            return new PlacementView(null, null, "No host can take a VM of 1 GiB and 1 vCPU: big is in maintenance mode", group);
        }
        return new PlacementView(small.id(), "small", "small: lowest CPU load (0.25 vCPU/pCPU), 2 GiB free; big scored lower", group);
    }

    private void toPlacement() {
        model.usePlacement(NewVmPlacement.offered(this::suggest, true));
        model.setName("vm-1");
        model.next();
        model.setVcpus("1");
        model.setMemory("1024");
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.PLACEMENT);
    }

    @Test
    void leftOnAutomaticTheVmGoesToTheSuggestedHostAndTheSummarySaysWhy() {
        toPlacement();
        model.placement().setAntiAffinityGroup(" web ");

        assertThat(model.hostId()).isEqualTo(small.id());
        assertThat(model.next()).isEmpty();
        assertThat(model.summary()).anySatisfy(line -> assertThat(line).containsExactly("Host",
                "automatic: small: lowest CPU load (0.25 vCPU/pCPU), 2 GiB free; big scored lower"));
        assertThat(model.summary()).anySatisfy(line -> assertThat(line).containsExactly("Anti-affinity group", "web"));
        assertThat(model.toSpec().hostId()).isEqualTo(small.id());
        assertThat(model.toSpec().antiAffinityGroup()).isEqualTo("web");
    }

    @Test
    void theToolstackIsAskedAgainOnlyWhenTheSizeOrTheGroupChanges() {
        toPlacement();
        model.hostId();
        model.hostId();
        model.summary();
        assertThat(asked).containsExactly("1024/1/null");

        model.placement().setAntiAffinityGroup("web");
        model.hostId();
        model.setMemory("2 GiB");
        model.hostId();
        assertThat(asked).containsExactly("1024/1/null", "1024/1/web", "2048/1/web");
    }

    @Test
    void aGroupBreakingTheRuleIsShownAtItsFieldAndNothingIsAsked() {
        toPlacement();
        asked.clear();
        model.placement().setAntiAffinityGroup("not a group!");

        List<FieldError> errors = model.next();

        assertThat(errors).extracting(FieldError::field).contains(Field.ANTI_AFFINITY);
        assertThat(errors).filteredOn(e -> e.field() == Field.ANTI_AFFINITY).singleElement()
                .extracting(FieldError::message).asString().startsWith("Must be 1 to 64 letters");
        assertThat(asked).isEmpty();
        assertThat(model.step()).isEqualTo(Step.PLACEMENT);
    }

    @Test
    void whenNoHostCanTakeTheVmTheReasonIsShownAtTheHostField() {
        toPlacement();
        model.placement().setAntiAffinityGroup("full");

        assertThat(model.next()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(Field.HOST);
            assertThat(e.message()).isEqualTo("No host can take a VM of 1 GiB and 1 vCPU: big is in maintenance mode");
        });
    }

    @Test
    void memoryBeyondEveryHostIsRefusedBeforeAskingSayingWhatTheRoomiestHas() {
        toPlacement();
        model.back();
        model.setMemory("20000");
        model.next();

        assertThat(model.next()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(Field.HOST);
            assertThat(e.message()).startsWith("No host has 20000 MiB free for the VM to start (the most is 16384 MiB free, on big)");
        });
    }

    @Test
    void aHostPickedByHandWinsOverTheSuggestion() {
        toPlacement();
        model.placement().setAutomatic(false);
        model.setHostId(big.id());

        assertThat(model.hostId()).isEqualTo(big.id());
        assertThat(model.next()).isEmpty();
        assertThat(model.summary()).anySatisfy(line -> assertThat(line).containsExactly("Host", "big"));
    }

    @Test
    void withAHostSelectedInTheTreeTheWizardStartsOnThatHostNotOnAutomatic() {
        NewVmWizardModel fromHost = new NewVmWizardModel(List.of(small, big), Set.<String>of()::contains);
        fromHost.setHostId(big.id());
        fromHost.usePlacement(NewVmPlacement.offered(this::suggest, false));

        assertThat(fromHost.placement().automatic()).isFalse();
        assertThat(fromHost.hostId()).isEqualTo(big.id());
        assertThat(asked).isEmpty();
    }

    @Test
    void theServersRefusalOfTheGroupIsShownAtItsField() {
        var error = model.placeServerError(new InvalidValueException("antiAffinityGroup", "a b", "must be 1 to 64 letters"));
        assertThat(error).get().extracting(FieldError::field).isEqualTo(Field.ANTI_AFFINITY);
    }
}
