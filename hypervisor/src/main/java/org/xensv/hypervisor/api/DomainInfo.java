package org.xensv.hypervisor.api;

import java.util.UUID;

/** A domain as its host sees it now. */
public record DomainInfo(UUID uuid, String name, PowerState powerState, int vcpus, long memoryMiB) {
}
