package org.xensv.toolstack.filter;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.audit.Audited;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.error.UnauthenticatedException;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.AccountService;
import org.xensv.toolstack.security.Action;
import org.xensv.toolstack.vm.VmQuery;
import org.xensv.toolstack.vm.VmSearchText;

/**
 * The signed-in user's saved filters: searches of the VMs kept under a name, listed, saved and
 * deleted. Each belongs to one user and is seen by no other. A search is checked by the parser the
 * console's search boxes use, so a filter that could not run is refused when saved, with the
 * parser's own message.
 */
@Service
public class SavedFilterService {

    static final int MAX_NAME = 64;
    static final int MAX_QUERY = 500;

    private final SavedFilterRepository filters;
    private final AccountService accounts;

    SavedFilterService(SavedFilterRepository filters, AccountService accounts) {
        this.filters = filters;
        this.accounts = accounts;
    }

    @Transactional(readOnly = true)
    public List<SavedFilterView> mine() {
        return filters.findByUserIdOrderByNameKey(me()).stream().map(SavedFilter::view).toList();
    }

    @Transactional
    @Audited("filter.create")
    public SavedFilterView save(SavedFilterForm form) {
        Access.require(Action.FILTER_SAVE);
        UUID owner = me();
        String name = form == null ? null : form.name();
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            throw new InvalidValueException("name", name, "must be 1 to " + MAX_NAME + " characters");
        }
        name = name.strip();
        String query = form.query() == null ? "" : form.query().strip();
        if (query.isEmpty() || query.length() > MAX_QUERY) {
            throw new InvalidValueException("query", form.query(), "must be 1 to " + MAX_QUERY + " characters");
        }
        try {
            VmSearchText.apply(query, VmQuery.all());
        } catch (InvalidValueException e) {
            throw new InvalidValueException("query", query, e.getMessage());
        }
        String taken = name;
        filters.findByUserIdAndNameKey(owner, SavedFilter.key(name)).ifPresent(other -> {
            throw new InvalidValueException("name", taken, "is already the name of one of your saved filters");
        });
        return filters.saveAndFlush(new SavedFilter(owner, name, query)).view();
    }

    /** Deletes one of the signed-in user's filters; another user's is not found. */
    @Transactional
    @Audited("filter.delete")
    public void delete(UUID id) {
        Access.require(Action.FILTER_SAVE);
        SavedFilter filter = filters.findById(id).filter(f -> f.userId().equals(me()))
                .orElseThrow(() -> new NotFoundException("saved filter", id));
        filters.delete(filter);
    }

    private UUID me() {
        String username = Access.current().orElseThrow(UnauthenticatedException::new).username();
        return accounts.byName(username).id();
    }
}
