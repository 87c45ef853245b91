package org.xensv.webui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.webui.vm.NewVmWizardModel.HostChoice;
import org.xensv.webui.vm.NewVmWizardModel.Step;

/** The New VM wizard's template step, without a browser. */
class NewVmTemplateStepTest {

    private final HostChoice small = new HostChoice(UUID.randomUUID(), "small", 4, 2048, true);
    private final HostChoice big = new HostChoice(UUID.randomUUID(), "big", 8, 16384, true);
    private final NewVmTemplate web = new NewVmTemplate(UUID.randomUUID(), "debian-web-server", "", small.id(), "PV", "WEB",
            2, 256, List.of("NIC 0 on Pool network"), List.of("xvda (1024 MiB)"));
    private final NewVmWizardModel model = new NewVmWizardModel(List.of(small, big), Set.of()::contains);

    @Test
    void withTemplatesOfferedTheWizardStartsOnTheTemplateStepWithABlankVmChosen() {
        model.useTemplates(List.of(web));
        assertThat(model.step()).isEqualTo(Step.TEMPLATE);
        assertThat(model.isFirst()).isTrue();
        assertThat(model.templateChoices()).containsExactly(NewVmTemplate.BLANK, web);
        assertThat(model.fromTemplate()).isFalse();
        assertThat(model.next()).isEmpty();
        assertThat(model.step()).isEqualTo(Step.GENERAL);
    }

    @Test
    void withoutTemplatesTheNameStepIsTheFirstAndBackStaysThere() {
        assertThat(model.step()).isEqualTo(Step.GENERAL);
        assertThat(model.isFirst()).isTrue();
        model.back();
        assertThat(model.step()).isEqualTo(Step.GENERAL);
    }

    @Test
    void aTemplatePreFillsTheLaterStepsAndItsHost() {
        model.useTemplates(List.of(web));
        model.setTemplate(web);
        assertThat(model.workload()).isEqualTo("WEB");
        assertThat(model.vcpus()).isEqualTo("2");
        assertThat(model.memory()).isEqualTo("256");
        assertThat(model.hostId()).isEqualTo(small.id());
    }

    @Test
    void aCopyNeedsNoNicOrDiskChoiceAndAsksForTheTemplatesCopyWithTheTypedValues() {
        model.useTemplates(List.of(web));
        model.setTemplate(web);
        model.next();
        model.setName("web-02");
        model.next();
        model.setMemory("512");
        model.next();
        model.next();
        model.next();
        assertThat(model.step()).isEqualTo(Step.SUMMARY);
        assertThat(model.validate(Step.SUMMARY)).isEmpty();
        var spec = model.toInstantiateSpec();
        assertThat(spec.name()).isEqualTo("web-02");
        assertThat(spec.memoryMiB()).isEqualTo(512L);
        assertThat(spec.vcpus()).isEqualTo(2);
        assertThat(spec.hostId()).isEqualTo(small.id());
        assertThat(model.summary()).anySatisfy(line -> assertThat(line[1]).contains("cloned from the template: xvda (1024 MiB)"));
    }

    @Test
    void choosingBlankAgainKeepsWhatWasTypedAndAsksForTheWizardsOwnDisks() {
        model.useTemplates(List.of(web));
        model.setTemplate(web);
        model.setTemplate(NewVmTemplate.BLANK);
        assertThat(model.fromTemplate()).isFalse();
        assertThat(model.memory()).isEqualTo("256");
    }
}
