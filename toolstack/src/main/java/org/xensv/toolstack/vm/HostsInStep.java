package org.xensv.toolstack.vm;

/**
 * Published once after the console's start, when the first round over every host it serves has run:
 * each VM its hosts lacked (after a restart every embedded host starts empty) is defined again or
 * resumed, and each host's state is read. Until then the console is busy bringing its hosts in step
 * (at 10,000 VMs on 100 embedded hosts, about 9 s of one processor).
 */
public record HostsInStep() {
}
