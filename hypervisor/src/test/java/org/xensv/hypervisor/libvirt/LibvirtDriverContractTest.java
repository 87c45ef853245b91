package org.xensv.hypervisor.libvirt;

import org.xensv.hypervisor.spi.DriverContractTest;
import org.xensv.hypervisor.spi.HostConnection;

/** The SPI contract against libvirt's test driver. */
class LibvirtDriverContractTest extends DriverContractTest {

    @Override
    protected HostConnection connect() {
        HostConnection connection = TestDriver.connect();
        TestDriver.empty(connection); // a fresh test:///default holds a running domain called "test"
        return connection;
    }

    @Override
    protected void disconnect(HostConnection connection) {
        TestDriver.empty(connection);
        connection.close();
    }

    @Override
    protected boolean refusesToStartWhatNoLongerFits() {
        return false;
    }
}
