package org.xensv.hypervisor.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.SizeT;
import org.libvirt.jna.StreamPointer;

/**
 * One open {@code virDomainOpenConsole} stream, non-blocking, pumped by a thread of its own: what the
 * guest prints goes to the domain's {@link ConsoleText}, what is typed waits here (at most
 * {@link #MAX_PENDING} characters) until the stream takes it. libvirt-java 0.5.4 has no binding for
 * {@code virDomainOpenConsole}: it is called through JNA with the pointers libvirt-java holds. The
 * stream ends when the guest's QEMU process does (shut down, saved, destroyed).
 */
final class ConsoleStream {

    static final int MAX_PENDING = 4096;
    /** {@code VIR_STREAM_NONBLOCK}. */
    private static final int NONBLOCK = 1;
    /** {@code VIR_DOMAIN_CONSOLE_FORCE}: take the console over from another client (a forgotten {@code virsh console}). */
    private static final int FORCE = 1;
    private static final long IDLE_MILLIS = 50;

    /** The one libvirt call libvirt-java does not bind. */
    private interface Console extends Library {
        Console LIBVIRT = Native.load("virt", Console.class);

        int virDomainOpenConsole(DomainPointer domain, String devName, StreamPointer stream, int flags);
    }

    private final StreamPointer stream;
    private final ConsoleText ring;
    private final StringBuilder pending = new StringBuilder();
    private volatile boolean open = true;

    private ConsoleStream(StreamPointer stream, ConsoleText ring) {
        this.stream = stream;
        this.ring = ring;
    }

    static ConsoleStream open(LibvirtConnection host, UUID uuid, Domain domain, ConsoleText ring) {
        String operation = "open the serial console";
        Libvirt libvirt = Libvirt.INSTANCE;
        StreamPointer stream = libvirt.virStreamNew(LibvirtNative.pointer(host.connect()), NONBLOCK);
        if (stream == null) {
            throw LibvirtNative.lastError(host, uuid, null, operation);
        }
        int result = Console.LIBVIRT.virDomainOpenConsole(LibvirtNative.pointer(domain), null, stream, FORCE);
        Reference.reachabilityFence(domain);
        if (result < 0) {
            RuntimeException error = LibvirtNative.lastError(host, uuid, null, operation);
            libvirt.virStreamFree(stream);
            throw error;
        }
        ConsoleStream console = new ConsoleStream(stream, ring);
        Thread.ofPlatform().daemon().name("libvirt-console-" + uuid).start(console::pump);
        return console;
    }

    boolean isOpen() {
        return open;
    }

    synchronized boolean offer(String text) {
        if (pending.length() + text.length() > MAX_PENDING) {
            return false;
        }
        pending.append(text);
        return true;
    }

    synchronized int pending() {
        return pending.length();
    }

    void close() {
        open = false;
    }

    /** Reads what the guest prints and sends what was typed, until the stream ends or is closed. */
    private void pump() {
        Libvirt libvirt = Libvirt.INSTANCE;
        ByteBuffer in = ByteBuffer.allocateDirect(4096);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(4096);
        try {
            while (open) {
                ByteBuffer free = in.slice(); // after the bytes of a character the last read split
                int n = libvirt.virStreamRecv(stream, free, new SizeT(free.remaining()));
                if (n > 0) {
                    in.position(in.position() + n).flip();
                    decoder.decode(in, chars, false);
                    in.compact();
                    chars.flip();
                    ring.append(chars);
                    chars.clear();
                    continue;
                }
                if (n != -2) { // 0: the guest's console closed; -1: an error (its QEMU is gone)
                    break;
                }
                if (!send(libvirt)) {
                    break;
                }
                Thread.sleep(IDLE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open = false;
            libvirt.virStreamAbort(stream);
            libvirt.virStreamFree(stream);
        }
    }

    /** Sends what waits, as much as the stream takes now; false if the stream failed. */
    private boolean send(Libvirt libvirt) {
        byte[] bytes;
        synchronized (this) {
            if (pending.isEmpty()) {
                return true;
            }
            bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        }
        ByteBuffer out = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        int sent = libvirt.virStreamSend(stream, out, new SizeT(bytes.length));
        if (sent == -2) {
            return true;
        }
        if (sent < 0) {
            return false;
        }
        synchronized (this) {
            // the bytes sent are a prefix of what waits: drop as many characters as they encode
            String sentText = new String(bytes, 0, sent, StandardCharsets.UTF_8);
            pending.delete(0, Math.min(pending.length(), sentText.length()));
        }
        return true;
    }
}
