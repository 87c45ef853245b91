package org.xensv.hypervisor.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.xensv.hypervisor.spi.DisplayStream;

/** A display's VNC server reached over TCP from the console's machine. */
final class TcpDisplay implements DisplayStream {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;

    private TcpDisplay(Socket socket) {
        this.socket = socket;
    }

    /** Connects, or throws the {@link IOException} that says why not. */
    static TcpDisplay connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return new TcpDisplay(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public InputStream input() {
        try {
            return socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream output() {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }
}
