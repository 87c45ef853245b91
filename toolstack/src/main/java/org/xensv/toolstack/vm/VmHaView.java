package org.xensv.toolstack.vm;

import java.util.UUID;

/** A VM's high-availability protection (null priority = unprotected) and its settings version. */
public record VmHaView(UUID vmId, HaPriority restartPriority, int restartOrder, long version) {
}
