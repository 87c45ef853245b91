package org.xensv.hypervisor.spi;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open byte stream to a display's VNC server, whatever carries it (a TCP socket, an SSH channel):
 * what the server sends is read from {@link #input()}, what the viewer sends is written to
 * {@link #output()} and flushed. Closing it ends the stream and whatever carried it.
 */
public interface DisplayStream extends AutoCloseable {

    InputStream input();

    OutputStream output();

    /** Ends the stream; closing twice, or after the other side did, does nothing. */
    @Override
    void close();
}
