package org.xensv.toolstack.security;

import java.util.Optional;

import org.xensv.toolstack.error.ForbiddenException;

/** Who is asking and with which role: answers, from the {@link Action} table, what they may do. */
public record Grant(String username, Role role) {

    public Grant {
        if (username == null || username.isBlank() || role == null) {
            throw new IllegalArgumentException("a grant needs a user and a role");
        }
    }

    public boolean allows(Action action) {
        return action.allowedTo(role);
    }

    /** Why this user may not do the action (a sentence for a tooltip or an error), or empty if they may. */
    public Optional<String> whyNot(Action action) {
        if (allows(action)) {
            return Optional.empty();
        }
        return Optional.of("Your role (" + role.label() + ") may not " + action.description()
                + ": that needs the " + action.lowestRole().label() + " role.");
    }

    /** Throws a 403 FORBIDDEN error naming the role needed unless this user may do the action. */
    public void require(Action action) {
        whyNot(action).ifPresent(reason -> {
            throw new ForbiddenException(action.name(), role.label(), action.lowestRole().label(), reason);
        });
    }
}
