package org.xensv.toolstack.security;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.transaction.annotation.Transactional;

/** Spring Security's view of the users table (not a bean: only {@link ThrottledAuthentication} uses it). */
class AccountDetails implements UserDetailsService {

    private final AccountRepository accounts;

    AccountDetails(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.findByUsernameKey(Account.key(username == null ? "" : username))
                .filter(found -> !found.external()) // signs in through single sign-on only: as if unknown here
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .disabled(!account.enabled())
                .authorities(List.of(new SimpleGrantedAuthority(account.role().authority())))
                .build();
    }
}
