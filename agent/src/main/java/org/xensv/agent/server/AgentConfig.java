package org.xensv.agent.server;

import java.nio.file.Path;
import org.xensv.agent.pki.Credentials;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * How an agent runs.
 *
 * @param listenHost    the address the control port (gRPC) and the migration port bind to; 0.0.0.0 for all
 * @param port          the control port (0 = any free port, for tests)
 * @param migrationPort the migration port (0 = any free port)
 * @param advertiseHost the address other agents dial for migrations (the one the console adds the host by)
 * @param data          the agent's data directory; {@code xensv-agent} points the embedded runtime there
 *                      ({@code <data>/hosts}: disk and suspend images), agents run in a test JVM keep the runtime's
 *                      directory
 * @param credentials   the agent's certificate, key and the console's CA
 * @param hostName      the host's name as the console shows it
 * @param pcpus         physical CPUs of the host
 * @param memoryMiB     memory of the host; 0 = all this process's budget for guests
 */
public record AgentConfig(String listenHost, int port, int migrationPort, String advertiseHost, Path data, Credentials credentials,
                          String hostName, int pcpus, long memoryMiB) {

    public static final int DEFAULT_PORT = 7443;

    public AgentConfig {
        if (listenHost == null || listenHost.isBlank()) {
            throw new InvalidValueException("listen", listenHost, "must name an address to listen on, e.g. 0.0.0.0:7443");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidValueException("listen", port, "must have a port between 0 and 65535");
        }
        if (migrationPort < 0 || migrationPort > 65535) {
            throw new InvalidValueException("migration-port", migrationPort, "must be between 0 and 65535");
        }
        if (advertiseHost == null || advertiseHost.isBlank()) {
            throw new InvalidValueException("advertise", advertiseHost, "must name the address other hosts reach this agent by");
        }
        if (data == null) {
            throw new InvalidValueException("data", null, "must name the agent's data directory");
        }
        if (credentials == null) {
            throw new InvalidValueException("credentials", null, "must name the directory of the agent's certificate");
        }
        if (hostName == null || !hostName.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new InvalidValueException("name", hostName, "must be a host name (letters, digits, dots and dashes)");
        }
        if (pcpus < 1 || pcpus > 1024) {
            throw new InvalidValueException("pcpus", pcpus, "must be between 1 and 1024");
        }
        if (memoryMiB < 0) {
            throw new InvalidValueException("memory-mib", memoryMiB, "must not be negative (0 = the whole budget)");
        }
    }
}
