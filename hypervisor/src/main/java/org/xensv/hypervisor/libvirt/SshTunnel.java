package org.xensv.hypervisor.libvirt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.spi.DisplayStream;

/**
 * A VNC display on a libvirt host reached over SSH ({@code qemu+ssh://user@host:port/system}), carried
 * through that host's SSH: {@code ssh -W address:port} opens a channel from the host to its own VNC
 * server (the host's loopback, as libvirt defines it), and the process's stdout and stdin are the RFB
 * stream. The same user, host, port and key libvirt uses for the URI ({@code keyfile=}, {@code
 * known_hosts=}, {@code no_verify=1}, {@code command=} for another ssh), never a prompt
 * ({@code BatchMode}): the console runs as a user with a key. The VNC server speaks first, so the
 * tunnel is open only once its first bytes arrived; before that, ssh's own complaint (refused, host key
 * unknown, key not accepted, forwarding forbidden) becomes the error, naming the host.
 */
final class SshTunnel implements DisplayStream {

    /** How long ssh gets to connect, sign in and bring the VNC server's greeting. */
    static final long OPEN_TIMEOUT_SECONDS = 30;
    private static final int STDERR_KEPT = 2048;

    private final Process ssh;
    private final InputStream input;

    private SshTunnel(Process ssh, InputStream input) {
        this.ssh = ssh;
        this.input = input;
    }

    /** The ssh command line that opens a channel to {@code address}:{@code port} as the URI's host sees it. */
    static List<String> command(URI uri, String address, int port) {
        Map<String, String> params = params(uri);
        List<String> command = new ArrayList<>(List.of(params.getOrDefault("command", "ssh"),
                "-T", "-x", "-a", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=30"));
        if (uri.getPort() > 0) {
            command.addAll(List.of("-p", Integer.toString(uri.getPort())));
        }
        if (uri.getUserInfo() != null && !uri.getUserInfo().isBlank()) {
            command.addAll(List.of("-l", uri.getUserInfo()));
        }
        if (params.containsKey("keyfile")) {
            command.addAll(List.of("-i", params.get("keyfile")));
        }
        if (params.containsKey("known_hosts")) {
            command.addAll(List.of("-o", "UserKnownHostsFile=" + params.get("known_hosts")));
        }
        if (isOn(params.get("no_verify"))) {
            command.addAll(List.of("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"));
        }
        String target = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        command.addAll(List.of("-W", target + ":" + port, "--", host));
        return command;
    }

    /** "user@host:port" as the URI names the SSH end, for messages. */
    static String sshEnd(URI uri) {
        return (uri.getUserInfo() == null ? "" : uri.getUserInfo() + "@") + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /** Opens the tunnel and waits for the VNC server's first bytes, or throws what ssh said. */
    static SshTunnel open(URI uri, String vm, String address, int port) {
        List<String> command = command(uri, address, port);
        String end = sshEnd(uri);
        Process ssh;
        try {
            ssh = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw failed(uri, vm, address, port, "could not run " + command.getFirst() + " (" + e.getMessage()
                    + "); install the OpenSSH client (apt-get install openssh-client) on the console's machine");
        }
        Stderr stderr = new Stderr();
        Thread.ofVirtual().name("ssh-stderr-" + end).start(() -> stderr.keep(ssh.getErrorStream()));
        InputStream stdout = ssh.getInputStream();
        CompletableFuture<byte[]> first = new CompletableFuture<>();
        Thread.ofVirtual().name("ssh-tunnel-" + end).start(() -> {
            try {
                byte[] buffer = new byte[4096];
                int n = stdout.read(buffer);
                first.complete(n < 0 ? new byte[0] : Arrays.copyOf(buffer, n));
            } catch (IOException e) {
                first.complete(new byte[0]);
            }
        });
        byte[] greeting;
        try {
            greeting = first.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ssh.destroyForcibly();
            throw failed(uri, vm, address, port, "no answer within " + OPEN_TIMEOUT_SECONDS + " s" + said(stderr));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ssh.destroyForcibly();
            throw failed(uri, vm, address, port, "interrupted");
        } catch (ExecutionException e) {
            ssh.destroyForcibly();
            throw failed(uri, vm, address, port, e.getCause().getMessage());
        }
        if (greeting.length == 0) { // ssh ended (or closed its stdout) before the VNC server said a word
            String said = said(stderr);
            ssh.destroyForcibly();
            throw failed(uri, vm, address, port, said.isEmpty() ? "ssh ended without a word" : said.substring(2));
        }
        return new SshTunnel(ssh, new SequenceInputStream(new ByteArrayInputStream(greeting), stdout));
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return ssh.getOutputStream();
    }

    @Override
    public void close() {
        ssh.destroy();
        try {
            ssh.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is gone either way
        }
    }

    /** What ssh wrote on stderr once it ended (waiting a moment for it to), as ": it said ...", or "". */
    private static String said(Stderr stderr) {
        String text = stderr.awaitEnd().lines().filter(line -> !line.startsWith("Warning: Permanently added"))
                .map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("; "));
        return text.isEmpty() ? "" : ": " + text;
    }

    /** ssh's stderr, kept (its first {@value #STDERR_KEPT} characters) until the process closes it. */
    private static final class Stderr {

        private final StringBuilder kept = new StringBuilder();
        private final CompletableFuture<String> ended = new CompletableFuture<>();

        void keep(InputStream stderr) {
            byte[] buffer = new byte[1024];
            try (stderr) {
                int n;
                while ((n = stderr.read(buffer)) >= 0) {
                    synchronized (this) {
                        if (kept.length() < STDERR_KEPT) {
                            kept.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                synchronized (this) {
                    ended.complete(kept.toString());
                }
            }
        }

        /** All of it once ssh closed it, or what came within a few seconds. */
        String awaitEnd() {
            try {
                return ended.get(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // what came so far
            }
            synchronized (this) {
                return kept.toString();
            }
        }
    }

    /**
     * The sentence the console shows: the SSH end and what ssh said first (a WebSocket close reason
     * holds 123 bytes), then the VM, the display and what to do for the failures one can name.
     */
    private static HypervisorException failed(URI uri, String vm, String address, int port, String what) {
        String end = sshEnd(uri);
        return new HypervisorException("VM_DISPLAY_UNREACHABLE", Map.of("host", end, "vm", vm, "ssh", what),
                "SSH to " + end + " failed: " + what + ". (VM '" + vm + "', its display at " + address + ":" + port + " on "
                        + uri.getHost() + ", tunnelled with ssh -W.)" + hint(what, uri));
    }

    private static String hint(String said, URI uri) {
        if (said.contains("Host key verification failed") || said.contains("No ED25519 host key") || said.contains("host key")) {
            return " Accept the host's key once as the console's user (ssh " + (uri.getPort() > 0 ? "-p " + uri.getPort() + " " : "")
                    + (uri.getUserInfo() == null ? "" : uri.getUserInfo() + "@") + uri.getHost() + " true), or name a known_hosts file in the URI"
                    + " (?known_hosts=/path), or, for a test host only, ?no_verify=1.";
        }
        if (said.contains("Permission denied")) {
            return " Put the console user's public key in the remote user's ~/.ssh/authorized_keys, or name the key in the URI"
                    + " (?keyfile=/path/to/key, without a passphrase).";
        }
        if (said.contains("administratively prohibited")) {
            return " The host's sshd forbids TCP forwarding: set AllowTcpForwarding yes (or local) in its sshd_config for this user.";
        }
        if (said.contains("open failed")) {
            return " The host could not connect to the VM's VNC server there (the VM stopped?).";
        }
        return "";
    }

    /** libvirt's boolean URI parameters: "1" is on. */
    private static boolean isOn(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true"));
    }

    /** The URI's query parameters, decoded. */
    static Map<String, String> params(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
