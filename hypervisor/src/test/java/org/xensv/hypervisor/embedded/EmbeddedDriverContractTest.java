package org.xensv.hypervisor.embedded;

import org.xensv.hypervisor.spi.DriverContractTest;
import org.xensv.hypervisor.spi.HostConnection;

class EmbeddedDriverContractTest extends DriverContractTest {

    private String hostName;

    @Override
    protected HostConnection connect() {
        hostName = TestHosts.uniqueName("contract");
        return TestHosts.connect(hostName, 2, 1024);
    }

    @Override
    protected void disconnect(HostConnection connection) {
        connection.close();
        EmbeddedRuntime.remove(hostName);
    }
}
