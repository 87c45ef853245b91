package org.xensv.hypervisor.api;

/** Paravirtualised or hardware-virtualised guest. */
public enum DomainType {
    PV, HVM
}
