package org.xensv.hypervisor.embedded.net;

/** An Ethernet frame on the virtual switch: addresses, the VLAN it travels on and its length. */
public record Frame(String src, String dst, int vlan, int length) {

    public static final String BROADCAST = "ff:ff:ff:ff:ff:ff";
    public static final int MAX_LENGTH = 1514;

    public Frame {
        if (length < 14 || length > 65_536) {
            throw new IllegalArgumentException("frame length " + length);
        }
    }
}
