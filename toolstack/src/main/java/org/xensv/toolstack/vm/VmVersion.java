package org.xensv.toolstack.vm;

import java.util.UUID;

/** A VM's id and row version, read without loading the VM (see {@link VmRepository#findVersionsByHostId}). */
record VmVersion(UUID id, long version) {
}
