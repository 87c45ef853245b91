package org.xensv.toolstack.tag;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.InvalidValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagNameTest {

    @Test
    void aTagKeepsItsCaseAndComparesByItsLowerCaseKey() {
        TagName tag = new TagName("  Env=Prod ");
        assertThat(tag.value()).isEqualTo("Env=Prod");
        assertThat(tag.key()).isEqualTo("env=prod");
        assertThat(new TagName("team:db").key()).isEqualTo("team:db");
        assertThat(new TagName("v1.2_x-y").value()).isEqualTo("v1.2_x-y");
        assertThat(new TagName("x".repeat(32)).value()).hasSize(32);
    }

    @Test
    void emptyTooLongOrOddCharactersAreRefusedNamingTheFieldAndTheRule() {
        assertRefused(null, "must not be empty");
        assertRefused("   ", "must not be empty");
        assertRefused("x".repeat(33), "at most 32 characters");
        assertRefused("two words", "letters, digits and - _ . : = only");
        assertRefused("a,b", "letters, digits and - _ . : = only");
        assertRefused("café", "letters, digits and - _ . : = only");
        assertRefused("-web", "must start with a letter or a digit");
    }

    private static void assertRefused(String value, String rule) {
        assertThatThrownBy(() -> new TagName(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("tag");
                    assertThat(e.getMessage()).contains(rule);
                });
    }
}
