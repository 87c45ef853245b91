package org.xensv.toolstack.security;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xensv.toolstack.error.ForbiddenException;
import org.xensv.toolstack.error.UnauthenticatedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTest {

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    private static void signIn(String user, Role role) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority(role.authority()))));
    }

    @Test
    void readOnlyMayChangeNothingAndAdminEverything() {
        for (Action action : Action.values()) {
            assertThat(action.allowedTo(Role.READ_ONLY)).as(action.name()).isFalse();
            assertThat(action.allowedTo(Role.ADMIN)).as(action.name()).isTrue();
        }
    }

    @Test
    void anOperatorRunsVmsButNotTheInfrastructure() {
        Grant operator = new Grant("olga", Role.OPERATOR);
        assertThat(List.of(Action.VM_POWER, Action.VM_CREATE, Action.VM_MIGRATE)).allMatch(operator::allows);
        assertThat(List.of(Action.NETWORK_MANAGE, Action.HOST_MANAGE, Action.STORAGE_MANAGE, Action.QOS_POLICY_MANAGE,
                Action.POOL_MANAGE, Action.USER_MANAGE)).noneMatch(operator::allows);
    }

    @Test
    void aRefusalNamesTheRoleItNeeds() {
        assertThat(new Grant("rita", Role.READ_ONLY).whyNot(Action.VM_MIGRATE)).contains(
                "Your role (read-only) may not migrate VMs: that needs the operator role.");
        assertThatThrownBy(() -> new Grant("olga", Role.OPERATOR).require(Action.NETWORK_MANAGE))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("needs the admin role");
    }

    @Test
    void workOutsideAnyWebRequestIsTheSystemAndAllowed() {
        assertThatCode(() -> Access.require(Action.HOST_MAINTENANCE)).doesNotThrowAnyException();
    }

    @Test
    void aWebRequestWithNoUserIsRefusedAs401() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        assertThatThrownBy(() -> Access.require(Action.VM_POWER)).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void theSignedInUsersRoleDecides() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        signIn("olga", Role.OPERATOR);
        assertThatCode(() -> Access.require(Action.VM_POWER)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Access.require(Action.NETWORK_MANAGE)).isInstanceOf(ForbiddenException.class);
        assertThat(Access.current()).contains(new Grant("olga", Role.OPERATOR));
    }
}
