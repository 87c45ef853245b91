package org.xensv.toolstack.security;

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

/** The signed-in user's API tokens: listed, created (the secret is in this one answer), revoked. */
@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokenController {

    private final ApiTokenService tokens;

    ApiTokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<ApiTokenView> mine() {
        return tokens.mine();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedApiToken create(@RequestBody NewApiToken request) {
        return tokens.create(request);
    }

    @DeleteMapping("/{id}")
    ApiTokenView revoke(@PathVariable UUID id) {
        return tokens.revoke(id);
    }
}
