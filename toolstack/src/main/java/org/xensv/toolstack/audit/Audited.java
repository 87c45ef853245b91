package org.xensv.toolstack.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a toolstack service method that changes something: every call through the service (from
 * the API or the console) is recorded in the audit log with its caller, parameters and result.
 * {@code value} names the operation ({@code vm.start}); the object is the call's first UUID
 * argument (or the id of what it returns, for a create), of the type before the dot.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

    String value();
}
