package org.xensv.toolstack.qos;

/**
 * A value that applies to a VM, VIF or VBD, and where it comes from: {@code source} is the object
 * itself ({@code "vm"}, {@code "vif"}, {@code "vbd"}), a policy ({@code "policy:<name>"}) or
 * {@code "default"}. A value set on the object overrides its policy's; a policy's overrides the
 * default.
 */
public record QosValue<T>(T value, String source) {

    public static final String DEFAULT = "default";
    public static final String POLICY = "policy:";

    /** {@code own} if set, else the policy's if set, else {@code fallback}. */
    public static <T> QosValue<T> of(T own, String ownSource, QosSettings policy, java.util.function.Function<QosSettings, T> fromPolicy,
                                     T fallback) {
        if (own != null) {
            return new QosValue<>(own, ownSource);
        }
        T policyValue = policy == null ? null : fromPolicy.apply(policy);
        if (policyValue != null) {
            return new QosValue<>(policyValue, policy.source());
        }
        return new QosValue<>(fallback, DEFAULT);
    }

    public boolean fromPolicy() {
        return source.startsWith(POLICY);
    }

    /** "policy Gold", "set on the VIF" or "default", as the console says where a value comes from. */
    public String sourceLabel() {
        if (fromPolicy()) {
            return "policy " + source.substring(POLICY.length());
        }
        return source.equals(DEFAULT) ? "default" : "set on the " + source.toUpperCase(java.util.Locale.ROOT);
    }
}
