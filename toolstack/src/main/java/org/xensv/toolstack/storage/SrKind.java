package org.xensv.toolstack.storage;

/** Where a storage repository's directory is: one host's own, or one the whole pool reaches. */
public enum SrKind {
    /** A directory of one host: a migration copies the VM's images to the destination's local SR. */
    LOCAL,
    /** A directory every host of the pool reaches: a migration copies nothing. */
    SHARED
}
