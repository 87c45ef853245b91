package org.xensv.toolstack.vm;

import java.util.List;

/** One page of a VM list and how many VMs match in all. */
public record VmPage(List<VmView> items, long total) {
}
