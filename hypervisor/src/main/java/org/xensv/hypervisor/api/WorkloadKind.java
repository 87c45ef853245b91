package org.xensv.hypervisor.api;

/** The guest "images" the embedded runtime can run. */
public enum WorkloadKind {
    IDLE("Idle guest"),
    WEB("Web server"),
    DATABASE("Database"),
    STREAMER("Memory streamer"),
    CPU_BURN("CPU-bound");

    private final String label;

    WorkloadKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
