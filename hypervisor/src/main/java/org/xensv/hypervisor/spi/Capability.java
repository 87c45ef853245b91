package org.xensv.hypervisor.spi;

/**
 * Marker of a capability interface a host connection may offer, in the spirit of libvirt's driver
 * table: a driver fills what it can, and a missing capability becomes one uniform
 * {@link org.xensv.hypervisor.api.OperationNotSupportedException}.
 */
public interface Capability {
}
