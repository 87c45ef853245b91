package org.xensv.toolstack.storage;

import java.util.UUID;

/**
 * A disk's QoS as an admin sets it on an attached disk: limits of its own (null or 0 = none: its
 * policy's apply) and its QoS policy (null = none). Applied live while the VM runs.
 */
public record VbdQosForm(UUID qosPolicyId, Long iopsLimit, Long mbpsLimit) {
}
