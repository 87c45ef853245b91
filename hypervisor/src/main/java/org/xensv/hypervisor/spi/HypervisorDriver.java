package org.xensv.hypervisor.spi;

import java.net.URI;
import java.util.Set;

/** A driver, registered through {@link java.util.ServiceLoader} and chosen by the host URI's scheme. */
public interface HypervisorDriver {

    String name();

    Set<String> schemes();

    /**
     * Checks, without connecting, what can be known from the URI alone (its parameters, and for a
     * host this driver would create, whether it can be created), so that a bad one is refused before
     * a host is recorded. Throws an {@code InvalidValueException} naming the field and the reason.
     */
    default void validate(URI uri) {
    }

    HostConnection connect(URI uri);
}
