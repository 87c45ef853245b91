package org.xensv.hypervisor.api;

/** The control operations on a domain. Which power states allow each is declared in {@link PowerStateTable}. */
public enum Operation {
    START("start"),
    PAUSE("pause"),
    UNPAUSE("unpause"),
    CLEAN_SHUTDOWN("shut down"),
    HARD_SHUTDOWN("force shut down"),
    CLEAN_REBOOT("reboot"),
    HARD_REBOOT("force reboot"),
    SUSPEND("suspend"),
    RESUME("resume"),
    MIGRATE("migrate"),
    DESTROY("destroy");

    private final String label;

    Operation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The path segment used by the REST API, e.g. {@code clean-shutdown}. */
    public String slug() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Operation fromSlug(String slug) {
        for (Operation op : values()) {
            if (op.slug().equals(slug)) {
                return op;
            }
        }
        throw new InvalidValueException("operation", slug, "must be one of " + java.util.Arrays.stream(values()).map(Operation::slug).toList());
    }
}
