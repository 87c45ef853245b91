package org.xensv.toolstack.storage;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
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

@RestController
@RequestMapping("/api/v1/srs")
class SrController {

    private final StorageService storage;

    SrController(StorageService storage) {
        this.storage = storage;
    }

    @GetMapping
    List<SrView> list() {
        return storage.listRepositories();
    }

    @GetMapping("/{id}")
    SrView get(@PathVariable UUID id) {
        return storage.getRepository(id);
    }

    /** Adds a shared repository (a directory of this machine); hosts' local repositories are made by the console. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SrView create(@RequestBody SrSpec spec) {
        Access.require(Action.STORAGE_MANAGE);
        return storage.createRepository(spec);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        Access.require(Action.STORAGE_MANAGE);
        storage.deleteRepository(id);
    }
}
