package org.xensv.agent.shaped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces, "a" and "b", joined by a veth pair (the link: {@link #linkA} in a,
 * {@link #linkB} in b), each also joined to the root namespace by a veth of its own (the control
 * path: the console in the root namespace reaches {@link #controlA} and {@link #controlB}). Neither
 * namespace has a route to the other's control address, so anything from a to b crosses the link.
 * The link's rate is shaped by a {@code tbf} qdisc on both of its ends. Names and a /24 of
 * 10.77.0.0/16 are picked at random so that several sets live side by side; {@link #close} deletes
 * the namespaces (and with them every veth) and is safe to call twice.
 */
public final class LinkedNamespaces implements AutoCloseable {

    public final String nsA;
    public final String nsB;
    public final String controlA;
    public final String controlB;
    public final String linkA;
    public final String linkB;
    private final String linkDevA;
    private final String linkDevB;
    private final List<String> created = new ArrayList<>();
    private long rateBitsPerSec;

    private LinkedNamespaces(String id, int subnet) {
        nsA = "xsv-" + id + "-a";
        nsB = "xsv-" + id + "-b";
        String net = "10.77." + subnet + ".";
        controlA = net + "2";
        controlB = net + "6";
        linkA = net + "9";
        linkB = net + "10";
        linkDevA = "l" + id + "a";
        linkDevB = "l" + id + "b";
    }

    /** Why namespaces cannot be made here (not root, no {@code ip netns}), or null when they can. */
    public static String unavailable() {
        String uid = Command.runAllowingFailure("id", "-u").strip();
        if (!uid.equals("0")) {
            return "network namespaces need root (this runs as uid " + uid + ")";
        }
        String probe = "xsv-probe-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        String failure = Command.failure("ip", "netns", "add", probe);
        if (failure != null) {
            return "`ip netns add` is not available here: " + failure;
        }
        Command.failure("ip", "netns", "del", probe);
        return null;
    }

    /** Makes both namespaces, their veths and addresses; the link unshaped until {@link #shape}. */
    public static LinkedNamespaces create() {
        String id = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        String routes = Command.runAllowingFailure("ip", "-4", "route", "show");
        int subnet;
        do { // a /24 no other set (another test run beside this one) uses
            subnet = ThreadLocalRandom.current().nextInt(1, 255);
        } while (routes.contains("10.77." + subnet + "."));
        LinkedNamespaces n = new LinkedNamespaces(id, subnet);
        try {
            n.build(id);
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    private void build(String id) {
        String net = controlA.substring(0, controlA.lastIndexOf('.') + 1);
        for (String ns : List.of(nsA, nsB)) {
            Command.run("ip", "netns", "add", ns);
            created.add(ns);
            inNs(ns, "ip", "link", "set", "lo", "up");
        }
        control(nsA, "r" + id + "a", "c" + id + "a", net + "1", controlA);
        control(nsB, "r" + id + "b", "c" + id + "b", net + "5", controlB);
        Command.run("ip", "link", "add", linkDevA, "netns", nsA, "type", "veth", "peer", "name", linkDevB, "netns", nsB);
        inNs(nsA, "ip", "addr", "add", linkA + "/30", "dev", linkDevA);
        inNs(nsB, "ip", "addr", "add", linkB + "/30", "dev", linkDevB);
        inNs(nsA, "ip", "link", "set", linkDevA, "up");
        inNs(nsB, "ip", "link", "set", linkDevB, "up");
    }

    private void control(String ns, String rootDev, String nsDev, String rootAddress, String nsAddress) {
        Command.run("ip", "link", "add", rootDev, "type", "veth", "peer", "name", nsDev, "netns", ns);
        Command.run("ip", "addr", "add", rootAddress + "/30", "dev", rootDev);
        Command.run("ip", "link", "set", rootDev, "up");
        inNs(ns, "ip", "addr", "add", nsAddress + "/30", "dev", nsDev);
        inNs(ns, "ip", "link", "set", nsDev, "up");
    }

    public static String inNs(String ns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return Command.run(full.toArray(String[]::new));
    }

    /**
     * Shapes both ends of the link to {@code bitsPerSec} with a token bucket ({@code tbf}): a burst of
     * 1 ms at that rate (at least 64 KiB, as a 64 KiB GSO segment must fit) and 20 ms of queue.
     * 0 removes the shaping.
     */
    public void shape(long bitsPerSec) {
        for (String[] end : List.of(new String[] {nsA, linkDevA}, new String[] {nsB, linkDevB})) {
            Command.runAllowingFailure("ip", "netns", "exec", end[0], "tc", "qdisc", "del", "dev", end[1], "root");
            if (bitsPerSec > 0) {
                long burst = Math.max(64 * 1024, bitsPerSec / 8 / 1000);
                inNs(end[0], "tc", "qdisc", "add", "dev", end[1], "root", "tbf", "rate", bitsPerSec + "bit", "burst", String.valueOf(burst),
                        "latency", "20ms");
            }
        }
        rateBitsPerSec = bitsPerSec;
    }

    public long rateBitsPerSec() {
        return rateBitsPerSec;
    }

    /** Bytes the link's qdisc in namespace a has sent (towards b): what crossed the shaped link a to b. */
    public long bytesSentAToB() {
        return Long.parseLong(inNs(nsA, "cat", "/sys/class/net/" + linkDevA + "/statistics/tx_bytes").strip());
    }

    /** The qdisc on a's end of the link as {@code tc -s} shows it. */
    public String qdiscA() {
        return inNs(nsA, "tc", "-s", "qdisc", "show", "dev", linkDevA).strip();
    }

    /** Kills what still runs in the namespaces, then deletes them (their veths go with them). */
    @Override
    public void close() {
        for (String ns : created) {
            for (String pid : Command.runAllowingFailure("ip", "netns", "pids", ns).strip().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Command.runAllowingFailure("ip", "netns", "del", ns);
        }
        created.clear();
    }
}
