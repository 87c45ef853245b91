package org.xensv.webui.inventory;

import java.util.Objects;
import java.util.UUID;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmView;

/**
 * One row of the inventory tree: a pool, a host, a VM (or template), or a pool's Templates folder. Two nodes are equal when they stand for the
 * same object, so selection and expansion survive a refresh that brings newer views.
 */
public sealed interface InventoryNode {

    UUID id();

    String name();

    record PoolNode(PoolView pool) implements InventoryNode {
        public UUID id() {
            return pool.id();
        }

        public String name() {
            return pool.name();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PoolNode other && other.id().equals(id());
        }

        @Override
        public int hashCode() {
            return Objects.hash("pool", id());
        }
    }

    record HostNode(HostView host) implements InventoryNode {
        public UUID id() {
            return host.id();
        }

        public String name() {
            return host.name();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HostNode other && other.id().equals(id());
        }

        @Override
        public int hashCode() {
            return Objects.hash("host", id());
        }
    }

    /** The folder of a pool's templates (templates are VMs that never run: they belong to no host). */
    record TemplatesNode(PoolView pool) implements InventoryNode {
        public UUID id() {
            return UUID.nameUUIDFromBytes(("templates:" + pool.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public String name() {
            return "Templates";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TemplatesNode other && other.id().equals(id());
        }

        @Override
        public int hashCode() {
            return Objects.hash("templates", id());
        }
    }

    record VmNode(VmView vm) implements InventoryNode {
        public UUID id() {
            return vm.id();
        }

        public String name() {
            return vm.name();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VmNode other && other.id().equals(id());
        }

        @Override
        public int hashCode() {
            return Objects.hash("vm", id());
        }
    }
}
