package org.xensv.toolstack.vm;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;

/** Where a new VM would go if created with no host named: asked before creating (the New VM wizard does). */
@RestController
class PlacementController {

    private final VmPlacement placement;

    PlacementController(VmPlacement placement) {
        this.placement = placement;
    }

    @GetMapping("/api/v1/pools/{id}/placement")
    PlacementView suggest(@PathVariable UUID id, @RequestParam(required = false) Long memoryMiB,
                          @RequestParam(required = false) Integer vcpus,
                          @RequestParam(required = false) String antiAffinityGroup) {
        Access.require(Action.VM_CREATE);
        return placement.suggest(id, memoryMiB, vcpus, antiAffinityGroup);
    }
}
