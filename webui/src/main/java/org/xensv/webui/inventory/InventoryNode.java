package org.xensv.webui.inventory;

import java.util.Objects;
import java.util.UUID;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmView;

/**
 * One row of the inventory tree: a pool, a host or a VM. Two nodes are equal when they stand for the
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
