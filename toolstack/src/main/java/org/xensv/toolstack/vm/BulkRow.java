package org.xensv.toolstack.vm;

import java.util.UUID;

/** What a bulk task did to one VM: done, failed or skipped (with why), or cancelled before its turn. */
public record BulkRow(UUID vm, String name, Status status, String reason) {

    public enum Status { WAITING, DONE, FAILED, SKIPPED, CANCELLED }

    BulkRow with(Status next, String why) {
        return new BulkRow(vm, name, next, why);
    }
}
