package org.xensv.hypervisor.spi;

import java.net.URI;
import java.util.Set;

/** A driver, registered through {@link java.util.ServiceLoader} and chosen by the host URI's scheme. */
public interface HypervisorDriver {

    String name();

    Set<String> schemes();

    HostConnection connect(URI uri);
}
