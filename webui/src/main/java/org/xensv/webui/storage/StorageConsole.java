package org.xensv.webui.storage;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.storage.VbdService;
import org.xensv.webui.details.DetailTab;

/**
 * The console's storage parts: the storage editor (repositories and images) and a VM's Storage tab;
 * the only class of this package that holds toolstack services, which it hands to the parts it makes.
 */
@Component
public class StorageConsole {

    private final StorageService storage;
    private final VbdService vbds;

    StorageConsole(StorageService storage, VbdService vbds) {
        this.storage = storage;
        this.vbds = vbds;
    }

    /** A VM's Storage tab: its disks, attach and detach. */
    public DetailTab tab() {
        return new StorageTab(storage, vbds);
    }

    /** Opens the storage editor. */
    public void openEditor() {
        new StorageEditor(storage).open();
    }
}
