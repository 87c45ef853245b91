package org.xensv.hypervisor.api;

/** Admission control refused a domain: the host does not have what it asks for. */
public final class InsufficientResourcesException extends HypervisorException {

    public InsufficientResourcesException(String host, String domain, String resource, long requested, long free, String unit) {
        super("HOST_NOT_ENOUGH_" + resource.toUpperCase().replace(' ', '_'),
                named("host", host, "vm", domain, "resource", resource, "requested", requested, "free", free, "unit", unit),
                "Host '" + host + "' cannot run VM '" + domain + "': it needs " + requested + " " + unit + " of " + resource
                        + " but only " + free + " " + unit + " are free.");
    }
}
