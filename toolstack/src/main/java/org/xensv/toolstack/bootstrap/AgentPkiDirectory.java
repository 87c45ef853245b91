package org.xensv.toolstack.bootstrap;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.xensv.agent.client.AgentDriver;

/**
 * Tells the host-agent driver ({@code xensv+tcp://}) where the console keeps its certificate
 * authority and its own client certificate ({@code xensv.pki.directory}, {@code ./data/pki} in the
 * console). The CA is created there the first time an agent host is connected; the admin issues an
 * agent's credentials from it with {@code xensv-agent issue --pki=<that directory> ...} (docs/agent.md).
 */
@Component
class AgentPkiDirectory {

    private static final Logger log = LoggerFactory.getLogger(AgentPkiDirectory.class);

    AgentPkiDirectory(@Value("${xensv.pki.directory:}") String directory) {
        if (!directory.isBlank()) {
            AgentDriver.usePkiDirectory(Path.of(directory));
            log.info("host agents are trusted through the certificate authority under {}", AgentDriver.pkiDirectory());
        }
    }
}
