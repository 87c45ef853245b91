package org.xensv.webui.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class InventoryFilterTest {

    @Test
    void wordsMatchNamesStatesAndTags() {
        InventoryFilter q = InventoryFilter.parse("  Web ");
        assertThat(q.matches(List.of("web-01", "running"), List.of())).isTrue();
        assertThat(q.matches(List.of("db-01", "halted"), List.of("webfront"))).isTrue();
        assertThat(q.matches(List.of("db-01", "halted"), List.of("prod"))).isFalse();
    }

    @Test
    void tagPrefixMatchesOnlyThatTagInAnyCase() {
        InventoryFilter q = InventoryFilter.parse("tag:Env=Prod");
        assertThat(q.matches(List.of("env=prod"), List.of())).isFalse();
        assertThat(q.matches(List.of("db-01"), List.of("ENV=prod"))).isTrue();
        assertThat(q.matches(List.of("db-01"), List.of("env=prod2"))).isFalse();
    }

    @Test
    void anEmptySearchMatchesEverything() {
        assertThat(InventoryFilter.parse("").isEmpty()).isTrue();
        assertThat(InventoryFilter.parse(null).matches(List.of("x"), List.of())).isTrue();
        assertThat(InventoryFilter.parse("tag:").matches(List.of("x"), List.of())).isTrue();
    }
}
