package org.xensv.toolstack.host;

/** Whether the toolstack can talk to a host right now. */
public enum ConnectionState {
    CONNECTED, DISCONNECTED
}
