package org.xensv.webui.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xensv.toolstack.security.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SsoRolesTest {

    private final SsoRoles roles = new SsoRoles("groups", Map.of(
            "admin", List.of("xensv-admins"),
            "operator", List.of("xensv-operators", "ops"),
            "READONLY", List.of("staff")));

    @Test
    void aListClaimGivesTheHighestRoleAnyOfItsValuesMapsTo() {
        assertThat(roles.roleOf(Map.of("groups", List.of("staff", "ops")))).contains(Role.OPERATOR);
        assertThat(roles.roleOf(Map.of("groups", List.of("xensv-admins", "staff")))).contains(Role.ADMIN);
        assertThat(roles.roleOf(Map.of("groups", List.of("staff")))).contains(Role.READ_ONLY);
    }

    @Test
    void aStringClaimIsOneValue() {
        assertThat(roles.roleOf(Map.of("groups", "ops"))).contains(Role.OPERATOR);
    }

    @Test
    void noMappedValueAndNoClaimGiveNoRole() {
        assertThat(roles.roleOf(Map.of("groups", List.of("elsewhere")))).isEmpty();
        assertThat(roles.roleOf(Map.of("other", List.of("xensv-admins")))).isEmpty();
        assertThat(roles.roleOf(Map.of())).isEmpty();
    }

    @Test
    void valuesAreMatchedExactlyNotByCaseOrPrefix() {
        assertThat(roles.roleOf(Map.of("groups", List.of("XENSV-ADMINS", "xensv-admins-old")))).isEmpty();
    }

    @Test
    void aMappingThatNamesNoRoleIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new SsoRoles("groups", Map.of("superuser", List.of("root"))))
                .hasMessageContaining("xensv.sso.role-mapping.superuser").hasMessageContaining("admin, operator or read-only");
    }

    @Test
    void anIssuerWithoutClientIdOrSecretIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new SsoSettings("http://idp", null, "s", null, null, null, null, null))
                .hasMessageContaining("xensv.sso.client-id");
        assertThatThrownBy(() -> new SsoSettings("http://idp", "c", " ", null, null, null, null, null))
                .hasMessageContaining("xensv.sso.client-secret");
        assertThat(new SsoSettings(null, null, null, null, null, null, null, null).enabled()).isFalse();
    }
}
