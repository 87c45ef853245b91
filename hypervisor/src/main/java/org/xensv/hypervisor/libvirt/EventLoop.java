package org.xensv.hypervisor.libvirt;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * libvirt's default event loop, registered once per process before the first connection opens (as
 * virEventRegisterDefaultImpl must be), run by one daemon thread. Domain events from every
 * connection are delivered on that thread.
 */
final class EventLoop {

    private static Thread thread;
    /** Held here: JNA keeps only a weak reference to a callback. */
    private static ErrorCallback silent;

    private EventLoop() {
    }

    /** Loads libvirt0 (a {@link LinkageError} if it is not installed) and starts the loop once. */
    static synchronized void ensureRunning() {
        if (thread != null) {
            return;
        }
        try {
            // errors reach the caller as exceptions; libvirt's default handler would also print them to stderr
            silent = new ErrorCallback();
            Connect.setErrorCallback(silent);
            Library.initEventLoop();
        } catch (LibvirtException e) {
            throw new IllegalStateException("libvirt's event loop could not start: " + e.getError().getMessage(), e);
        }
        thread = Thread.ofPlatform().daemon().name("libvirt-events").start(EventLoop::run);
    }

    private static void run() {
        while (true) {
            try {
                Library.processEvent();
            } catch (LibvirtException e) {
                // one failed iteration (a connection closing under it) must not stop every host's events
                System.getLogger(EventLoop.class.getName()).log(System.Logger.Level.WARNING,
                        "libvirt event loop: " + e.getError().getMessage());
            }
        }
    }
}
