package org.xensv.hypervisor.spi;

import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;

import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.api.InvalidValueException;

/** Picks a driver by the URI scheme, among those found by {@link ServiceLoader}. */
public final class Drivers {

    private final List<HypervisorDriver> drivers;

    public Drivers(List<HypervisorDriver> drivers) {
        this.drivers = List.copyOf(drivers);
    }

    public static Drivers installed() {
        return new Drivers(ServiceLoader.load(HypervisorDriver.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public List<String> schemes() {
        return drivers.stream().flatMap(d -> d.schemes().stream()).sorted().toList();
    }

    public static URI parse(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null) {
                throw new InvalidValueException("uri", uri, "must start with a scheme, e.g. embedded://host-name");
            }
            return parsed;
        } catch (java.net.URISyntaxException e) {
            throw new InvalidValueException("uri", uri, "is not a valid URI: " + e.getReason());
        }
    }

    /** Refuses a URI no driver serves, or whose driver finds it wrong without connecting. */
    public void validate(URI uri) {
        driverFor(uri).validate(uri);
    }

    public HostConnection connect(URI uri) {
        HypervisorDriver driver = driverFor(uri);
        try {
            return driver.connect(uri);
        } catch (RuntimeException e) {
            if (e instanceof org.xensv.hypervisor.api.HypervisorException) {
                throw e;
            }
            throw new HostUnreachableException(uri.toString(), e.getMessage());
        }
    }

    private HypervisorDriver driverFor(URI uri) {
        return drivers.stream()
                .filter(d -> d.schemes().contains(uri.getScheme()))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("uri", uri,
                        "has no driver for scheme '" + uri.getScheme() + "'; known schemes: " + schemes()));
    }
}
