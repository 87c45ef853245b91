package org.xensv.toolstack.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What xl (on_poweroff, on_reboot, on_crash) and libvirt do when a guest stops, reboots or crashes. */
enum LifecycleAction {
    DESTROY, RESTART, RENAME_RESTART, PRESERVE, COREDUMP_DESTROY, COREDUMP_RESTART, SOFT_RESET;

    /** The spelling both xl.cfg and libvirt use: {@code rename-restart}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<LifecycleAction> parse(String text) {
        return Arrays.stream(values()).filter(a -> a.fileName().equals(text)).findFirst();
    }

    /** Whether libvirt accepts it for on_poweroff and on_reboot (its crash list adds the coredump ones). */
    public boolean libvirtOffAction() {
        return this == DESTROY || this == RESTART || this == RENAME_RESTART || this == PRESERVE;
    }

    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(LifecycleAction::fileName).toList());
    }
}
