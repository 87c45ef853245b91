package org.xensv.hypervisor.libvirt;

import java.net.URI;
import java.util.Set;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.HypervisorDriver;

/**
 * Hosts reached through libvirt (libvirt-java over JNA): libvirt's in-process test driver, QEMU/KVM
 * locally or over SSH or TLS, and Xen through libxl. libvirt0 is loaded when the first host connects,
 * so a machine without it still lists this driver and answers with the package to install.
 */
public final class LibvirtDriver implements HypervisorDriver {

    static final String NAME = "libvirt";

    private static final Set<String> SCHEMES = Set.of("test", "qemu", "qemu+ssh", "qemu+tls", "qemu+tcp", "qemu+unix",
            "xen", "xen+ssh", "xen+tls");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public void validate(URI uri) {
        LibvirtUri.check(uri);
    }

    @Override
    public HostConnection connect(URI uri) {
        LibvirtUri.check(uri);
        try {
            EventLoop.ensureRunning();
        } catch (LinkageError e) {
            throw new HostUnreachableException(uri.toString(), "libvirt is not installed here (" + e.getMessage()
                    + "); install the libvirt0 package (apt-get install libvirt0) and connect again");
        }
        return LibvirtConnection.open(LibvirtUri.withoutAccel(uri), LibvirtUri.emulated(uri));
    }

    /** The URI forms libvirt documents, checked without connecting. */
    static final class LibvirtUri {

        private LibvirtUri() {
        }

        /** xensv's own query parameter: {@code accel=tcg} defines the host's domains for QEMU's software emulation. */
        static final String ACCEL_TCG = "accel=tcg";

        /**
         * True when the URI asks for QEMU's software emulation ({@code ?accel=tcg}), for a host whose
         * {@code /dev/kvm} cannot run a guest (a nested or paravirtual KVM): its domains are defined
         * as {@code <domain type='qemu'>} even where libvirt offers KVM.
         */
        static boolean emulated(URI uri) {
            return uri.getRawQuery() != null && java.util.Arrays.asList(uri.getRawQuery().split("&")).contains(ACCEL_TCG);
        }

        /** The URI libvirt is given: without xensv's {@code accel=tcg}, which libvirt does not know. */
        static URI withoutAccel(URI uri) {
            if (!emulated(uri)) {
                return uri;
            }
            String rest = java.util.Arrays.stream(uri.getRawQuery().split("&")).filter(p -> !p.equals(ACCEL_TCG))
                    .collect(java.util.stream.Collectors.joining("&"));
            String text = uri.toString();
            String base = text.substring(0, text.indexOf('?'));
            return URI.create(rest.isEmpty() ? base : base + "?" + rest);
        }

        static void check(URI uri) {
            String scheme = uri.getScheme();
            String path = uri.getPath();
            if (scheme == null || !SCHEMES.contains(scheme)) {
                throw new InvalidValueException("uri", uri, "must use one of the libvirt schemes " + SCHEMES.stream().sorted().toList());
            }
            if (uri.isOpaque() || path == null || path.isEmpty()) {
                throw new InvalidValueException("uri", uri, "must have a path, e.g. " + example(scheme));
            }
            boolean remote = scheme.contains("+") && !scheme.endsWith("+unix");
            if (remote && (uri.getHost() == null || uri.getHost().isBlank())) {
                throw new InvalidValueException("uri", uri, "must name the remote host, e.g. " + example(scheme));
            }
            if (scheme.equals("test")) {
                if (uri.getHost() != null) {
                    throw new InvalidValueException("uri", uri, "must not name a host: libvirt's test driver runs in this process (test:///default)");
                }
                return;
            }
            if (scheme.startsWith("qemu") && !Set.of("/system", "/session").contains(path)) {
                throw new InvalidValueException("uri", uri, "must end in /system or /session, e.g. " + example(scheme));
            }
            if (scheme.startsWith("xen") && !path.equals("/system") && !path.equals("/")) {
                throw new InvalidValueException("uri", uri, "must end in /system, e.g. " + example(scheme));
            }
        }

        private static String example(String scheme) {
            return switch (scheme) {
                case "test" -> "test:///default";
                case "qemu", "qemu+unix" -> scheme + ":///system";
                case "xen" -> "xen:///system";
                default -> scheme + "://user@host/system";
            };
        }
    }
}
