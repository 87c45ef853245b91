package org.xensv.toolstack.overview;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The host view over REST: read-only, as every read (every role sees the inventory). */
@RestController
class HostOverviewController {

    private final HostOverviewService overviews;

    HostOverviewController(HostOverviewService overviews) {
        this.overviews = overviews;
    }

    @GetMapping("/api/v1/hosts/{id}/overview")
    HostOverview get(@PathVariable UUID id) {
        return overviews.of(id);
    }
}
