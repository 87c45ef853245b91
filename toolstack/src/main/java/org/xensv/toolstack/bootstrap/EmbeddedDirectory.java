package org.xensv.toolstack.bootstrap;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;

/**
 * Tells the embedded runtime where its hosts keep their files ({@code xensv.embedded.directory},
 * {@code ./data/embedded} in the console): disk images and the suspend images its VMs outlive a
 * restart in. Unset, the runtime's own default (a folder under {@code java.io.tmpdir}) holds. A
 * singleton built with the context, so before the first host connects (the reconciler and the
 * bootstrap start once the context is up).
 */
@Component
class EmbeddedDirectory {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDirectory.class);

    EmbeddedDirectory(@Value("${xensv.embedded.directory:}") String directory) {
        if (!directory.isBlank()) {
            EmbeddedRuntime.useDirectory(Path.of(directory));
            log.info("embedded hosts keep their files under {}", EmbeddedRuntime.directory());
        }
    }
}
