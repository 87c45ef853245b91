package org.xensv.webui.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.PowerState;

class InventoryFilterTest {

    @Test
    void aWordSearchesVmNamesAndFindsHostsByName() {
        InventoryFilter q = InventoryFilter.parse("  Web ");
        assertThat(q.query().text()).isEqualTo("Web");
        assertThat(q.matchesHost("web-host", List.of())).isTrue();
        assertThat(q.matchesHost("h1", List.of("web"))).isFalse();
        assertThat(q.matchesTemplate("web-template", List.of())).isTrue();
    }

    @Test
    void aTagSearchFindsHostsAndTemplatesTaggedSoInAnyCase() {
        InventoryFilter q = InventoryFilter.parse("tag:Rack-7");
        assertThat(q.query().tagKey()).isEqualTo("rack-7");
        assertThat(q.matchesHost("h1", List.of("RACK-7"))).isTrue();
        assertThat(q.matchesHost("h1", List.of("rack-70"))).isFalse();
        assertThat(q.matchesTemplate("t", List.of("rack-7"))).isTrue();
    }

    @Test
    void aSearchOfSeveralTermsAsksOnlyForVms() {
        InventoryFilter q = InventoryFilter.parse("tag:env=prod state:running pool:lab");
        assertThat(q.query().states()).isEqualTo(Set.of(PowerState.RUNNING));
        assertThat(q.query().poolText()).isEqualTo("lab");
        assertThat(q.matchesHost("h1", List.of("env=prod"))).isFalse();
        assertThat(q.matchesTemplate("t", List.of("env=prod"))).isFalse();
    }

    @Test
    void anEmptySearchShowsEverything() {
        assertThat(InventoryFilter.parse("").isEmpty()).isTrue();
        assertThat(InventoryFilter.parse(null).matchesHost("x", List.of())).isTrue();
        assertThat(InventoryFilter.parse("   ").isEmpty()).isTrue();
    }

    @Test
    void aStateThatIsNoStateIsRefusedNamingIt() {
        assertThatThrownBy(() -> InventoryFilter.parse("state:sleeping")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("sleeping");
    }
}
