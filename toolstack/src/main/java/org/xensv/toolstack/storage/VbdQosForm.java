package org.xensv.toolstack.storage;

import java.util.UUID;

/**
 * A disk's QoS as an admin sets it on an attached disk: limits of its own (null or 0 = none: its
 * policy's apply) and its QoS policy (null = none). Applied live while the VM runs. {@code version}:
 * the disk's version the form was opened on (null = not checked): a save on an older one is refused.
 */
public record VbdQosForm(UUID qosPolicyId, Long iopsLimit, Long mbpsLimit, Long version) {

    /** A form that does not say which version it was opened on: not checked. */
    public VbdQosForm(UUID qosPolicyId, Long iopsLimit, Long mbpsLimit) {
        this(qosPolicyId, iopsLimit, mbpsLimit, null);
    }

    /** The same form, as opened on {@code openedVersion} (an API client's If-Match). */
    public VbdQosForm opened(Long openedVersion) {
        return openedVersion == null ? this : new VbdQosForm(qosPolicyId, iopsLimit, mbpsLimit, openedVersion);
    }
}
