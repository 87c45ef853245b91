package org.xensv.toolstack.filter;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;

/** The signed-in user's saved filters: listed, saved, deleted. */
@RestController
@RequestMapping("/api/v1/filters")
class SavedFilterController {

    private final SavedFilterService filters;

    SavedFilterController(SavedFilterService filters) {
        this.filters = filters;
    }

    @GetMapping
    List<SavedFilterView> mine() {
        return filters.mine();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SavedFilterView save(@RequestBody SavedFilterForm form) {
        Access.require(Action.FILTER_SAVE);
        return filters.save(form);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        Access.require(Action.FILTER_SAVE);
        filters.delete(id);
    }
}
