package org.xensv.toolstack.pool;

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
@RequestMapping("/api/v1/pools")
class PoolController {

    record CreatePool(String name, String description) {
    }

    private final PoolService pools;

    PoolController(PoolService pools) {
        this.pools = pools;
    }

    @GetMapping
    List<PoolView> list() {
        return pools.list();
    }

    @GetMapping("/{id}")
    PoolView get(@PathVariable UUID id) {
        return pools.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    PoolView create(@RequestBody CreatePool request) {
        Access.require(Action.POOL_MANAGE);
        return pools.create(request.name(), request.description());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        Access.require(Action.POOL_MANAGE);
        pools.delete(id);
    }
}
