package org.xensv.hypervisor.api;

import java.util.Map;

/** Admission control refused a domain: the host does not have what it asks for. */
public final class InsufficientResourcesException extends HypervisorException {

    /** The host has {@code free} of {@code resource} left, less than the domain asks. */
    public InsufficientResourcesException(String host, String domain, String resource, long requested, long free, String unit) {
        this(resource, named("host", host, "vm", domain, "resource", resource, "requested", requested, "free", free, "unit", unit),
                "Host '" + host + "' cannot run VM '" + domain + "': it needs " + requested + " " + unit + " of " + resource
                        + " but only " + free + " " + unit + " are free.");
    }

    private InsufficientResourcesException(String resource, Map<String, Object> params, String message) {
        super("HOST_NOT_ENOUGH_" + resource.toUpperCase().replace(' ', '_'), params, message);
    }

    /** The domain asks more than the host has at all, free or not: it can never run there. */
    public static InsufficientResourcesException beyondCapacity(String host, String domain, String resource, long requested,
                                                                long capacity, String unit) {
        return new InsufficientResourcesException(resource,
                named("host", host, "vm", domain, "resource", resource, "requested", requested, "capacity", capacity, "unit", unit),
                "Host '" + host + "' cannot hold VM '" + domain + "': it needs " + requested + " " + unit + " of " + resource
                        + " but the host has only " + capacity + " " + unit + " in all.");
    }
}
