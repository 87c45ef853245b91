package org.xensv.webui.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.migration.DestinationOption;
import org.xensv.toolstack.migration.MigrateRequest;
import org.xensv.webui.migration.MigrateWizardModel.Bandwidth;
import org.xensv.webui.migration.MigrateWizardModel.Field;
import org.xensv.webui.migration.MigrateWizardModel.Step;

class MigrateWizardModelTest {

    private final UUID roomy = UUID.randomUUID();
    private final UUID small = UUID.randomUUID();
    private final UUID full = UUID.randomUUID();
    private final List<DestinationOption> hosts = List.of(
            new DestinationOption(roomy, "host-2", 30000, true, null),
            new DestinationOption(small, "host-3", 2000, true, null),
            new DestinationOption(full, "host-4", 10, false, "not enough free memory: 10 MiB free, the VM needs 96 MiB"));

    private MigrateWizardModel model() {
        return new MigrateWizardModel("web-1", "host-1", hosts);
    }

    @Test
    void preselectsTheFirstEligibleHost() {
        assertThat(model().hostId()).isEqualTo(roomy);
        assertThat(model().destinationName()).isEqualTo("host-2");
    }

    @Test
    void defaultsGiveALiveUnlimitedMigrationWithTheEnginesDowntimeTarget() {
        MigrateWizardModel m = model();
        assertThat(m.next()).isEmpty();
        assertThat(m.next()).isEmpty();
        assertThat(m.step()).isEqualTo(Step.PREDICTION);
        assertThat(m.toRequest()).isEqualTo(new MigrateRequest(roomy, true, 0L, 300L, false, true));
    }

    @Test
    void anIneligibleHostIsRefusedWithItsReason() {
        MigrateWizardModel m = model();
        m.setHostId(full);
        var errors = m.next();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(Field.HOST);
            assertThat(e.message()).contains("host-4").contains("not enough free memory");
        });
        assertThat(m.step()).isEqualTo(Step.DESTINATION);
    }

    @Test
    void noEligibleHostSaysSo() {
        MigrateWizardModel m = new MigrateWizardModel("web-1", "host-1", List.of(hosts.get(2)));
        assertThat(m.hostId()).isNull();
        assertThat(m.next()).singleElement().satisfies(e -> assertThat(e.message()).contains("No host can take web-1"));
    }

    @Test
    void customBandwidthMustBeAPositiveWholeNumber() {
        MigrateWizardModel m = model();
        m.next();
        m.setBandwidth(Bandwidth.CUSTOM);
        m.setCustomMbps("fast");
        assertThat(m.next()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(Field.BANDWIDTH);
            assertThat(e.message()).contains("whole number of Mbit/s");
        });
        m.setCustomMbps("0");
        assertThat(m.next()).singleElement().satisfies(e -> assertThat(e.message()).contains("between 1 and"));
        m.setCustomMbps("250");
        assertThat(m.next()).isEmpty();
        assertThat(m.toRequest().bandwidthMbps()).isEqualTo(250L);
    }

    @Test
    void presetsMapToMbitPerSecond() {
        MigrateWizardModel m = model();
        m.setBandwidth(Bandwidth.MBIT_100);
        assertThat(m.toRequest().bandwidthMbps()).isEqualTo(100L);
        m.setBandwidth(Bandwidth.GBIT_10);
        assertThat(m.toRequest().bandwidthMbps()).isEqualTo(10_000L);
    }

    @Test
    void downtimeTargetIsCheckedOnlyForLiveMigration() {
        MigrateWizardModel m = model();
        m.next();
        m.setDowntimeMs("-5");
        assertThat(m.next()).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo(Field.DOWNTIME));
        m.setDowntimeMs("70000");
        assertThat(m.next()).singleElement().satisfies(e -> assertThat(e.message()).contains("between 1 and 60,000 ms"));
        m.setLive(false);
        m.setPostCopy(true);
        assertThat(m.next()).isEmpty();
        MigrateRequest r = m.toRequest();
        assertThat(r.live()).isFalse();
        assertThat(r.downtimeTargetMs()).isNull();
        assertThat(r.postCopy()).isFalse();
        assertThat(r.autoConverge()).isFalse();
    }

    @Test
    void theServersRefusalLandsAtItsFieldAndStep() {
        MigrateWizardModel m = model();
        m.next();
        m.next();
        var error = m.placeServerError(new InvalidValueException("hostId", "host-2", "cannot take VM 'web-1': in maintenance mode"));
        assertThat(error).hasValueSatisfying(e -> {
            assertThat(e.field()).isEqualTo(Field.HOST);
            assertThat(e.message()).startsWith("Cannot take VM 'web-1': in maintenance mode");
        });
        assertThat(m.step()).isEqualTo(Step.DESTINATION);

        m.goTo(Step.PREDICTION);
        assertThat(m.placeServerError(new InvalidValueException("downtimeTargetMs", 0, "must be between 1 and 60000 ms")))
                .hasValueSatisfying(e -> assertThat(e.field()).isEqualTo(Field.DOWNTIME));
        assertThat(m.step()).isEqualTo(Step.OPTIONS);
        assertThat(m.placeServerError(new InvalidValueException("concurrency", 0, "must be between 1 and 16"))).isEmpty();
    }

    @Test
    void backStopsAtTheFirstStep() {
        MigrateWizardModel m = model();
        m.back();
        assertThat(m.isFirst()).isTrue();
        m.next();
        m.back();
        assertThat(m.step()).isEqualTo(Step.DESTINATION);
    }

    @Test
    void summaryNamesTheChosenOptions() {
        MigrateWizardModel m = model();
        m.setBandwidth(Bandwidth.GBIT_1);
        m.setDowntimeMs("20");
        m.setPostCopy(true);
        assertThat(m.optionsSummary()).isEqualTo("Live (pre-copy) · 1 Gbit/s limit · downtime target 20 ms · auto-converge · post-copy allowed");
    }
}
