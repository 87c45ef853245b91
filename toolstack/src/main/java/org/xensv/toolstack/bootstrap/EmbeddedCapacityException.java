package org.xensv.toolstack.bootstrap;

/** The configured embedded hosts ask more memory than this machine can give: the console does not start. */
class EmbeddedCapacityException extends IllegalStateException {

    private final String action;

    EmbeddedCapacityException(String message, String action) {
        super(message);
        this.action = action;
    }

    String action() {
        return action;
    }
}
