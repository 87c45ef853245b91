package org.xensv.toolstack.audit;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.Ordered;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.error.Errors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every call of an {@link Audited} service method, from the API and the console alike,
 * once it has ended: outermost of all advice (outside the transaction, so a success is recorded
 * after the commit, and outside any authorization check, so a denial is recorded as refused). A
 * call made inside another audited call is part of it and not recorded again.
 */
@Aspect
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditAspect {

    private static final ThreadLocal<Boolean> INSIDE = new ThreadLocal<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditLog audit;
    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    AuditAspect(AuditLog audit) {
        this.audit = audit;
    }

    @Around("@annotation(org.xensv.toolstack.audit.Audited)")
    Object record(ProceedingJoinPoint call) throws Throwable {
        Method method = ((MethodSignature) call.getSignature()).getMethod();
        Audited audited = AnnotationUtils.findAnnotation(method, Audited.class);
        if (INSIDE.get() != null || audited == null) {
            return call.proceed();
        }
        Actor actor = Actor.current();
        Object[] args = call.getArgs();
        String operation = operation(audited.value(), args);
        Map<String, Object> parameters = parameters(method, args);
        UUID objectId = firstUuid(args);
        Object result;
        INSIDE.set(Boolean.TRUE);
        try {
            result = call.proceed();
        } catch (Throwable e) {
            INSIDE.remove();
            failed(actor, operation, objectId, parameters, e);
            throw e;
        } finally {
            INSIDE.remove();
        }
        JsonNode tree = tree(result);
        UUID id = objectId != null ? objectId : idIn(tree);
        boolean taskRunsOn = tree != null && tree.has("progress") && tree.has("status")
                && ("PENDING".equals(tree.path("status").asString()) || "RUNNING".equals(tree.path("status").asString()));
        if (tree != null && tree.has("progress") && tree.has("id")) {
            parameters.put("task", tree.path("id").asString());
        }
        audit.write(actor, operation, AuditLog.typeOf(operation), id, nameIn(tree, parameters), AuditParameters.json(parameters),
                taskRunsOn ? AuditOutcome.ACCEPTED : AuditOutcome.SUCCESS, null, null);
        return result;
    }

    private void failed(Actor actor, String operation, UUID objectId, Map<String, Object> parameters, Throwable e) {
        String json = AuditParameters.json(parameters);
        if (isDenial(e)) {
            audit.write(actor, operation, AuditLog.typeOf(operation), objectId, nameIn(null, parameters), json,
                    AuditOutcome.REFUSED, "ACCESS_DENIED", e.getMessage());
            return;
        }
        HypervisorException known = Errors.known(e);
        audit.write(actor, operation, AuditLog.typeOf(operation), objectId, nameIn(null, parameters), json, AuditOutcome.FAILURE,
                known != null ? known.code() : "INTERNAL_ERROR", known != null ? known.getMessage() : "Unexpected error (see the server log).");
    }

    /** A security layer's denial, known by name so the toolstack need not depend on it. */
    static boolean isDenial(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.endsWith("AccessDeniedException") || name.equals("AuthorizationDeniedException")) {
                return true;
            }
        }
        return false;
    }

    /** {@code vm.*} names the operation by the call's first enum argument: {@code vm.hard-shutdown}. */
    static String operation(String declared, Object[] args) {
        if (!declared.contains("*")) {
            return declared;
        }
        for (Object arg : args) {
            if (arg instanceof Enum<?> e) {
                return declared.replace("*", AuditLog.operationName(e.name()));
            }
        }
        return declared.replace(".*", "");
    }

    private Map<String, Object> parameters(Method method, Object[] args) {
        String[] declared = names.getParameterNames(method);
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            parameters.put(declared != null && i < declared.length ? declared[i] : "arg" + i, args[i]);
        }
        return parameters;
    }

    private static UUID firstUuid(Object[] args) {
        for (Object arg : args) {
            if (arg instanceof UUID id) {
                return id;
            }
        }
        return null;
    }

    private static JsonNode tree(Object result) {
        if (result == null) {
            return null;
        }
        try {
            JsonNode tree = JSON.valueToTree(result);
            return tree.isObject() ? tree : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The id of what a call returned: a task's object, the object itself, or the object it wraps (a created VM). */
    private static UUID idIn(JsonNode tree) {
        if (tree == null) {
            return null;
        }
        for (String field : new String[] {"objectId", "id", "vmId"}) {
            UUID id = AuditLog.uuidOrNull(tree.path(field).asString(null));
            if (id != null && !(field.equals("id") && tree.has("progress"))) {
                return id;
            }
        }
        for (JsonNode child : tree) {
            if (child.isObject() && child.has("id")) {
                return AuditLog.uuidOrNull(child.path("id").asString(null));
            }
        }
        return null;
    }

    private static String nameIn(JsonNode tree, Map<String, Object> parameters) {
        if (tree != null) {
            String name = tree.has("progress") ? tree.path("objectName").asString(null) : tree.path("name").asString(null);
            if (name != null && !name.isBlank()) {
                return name;
            }
            for (JsonNode child : tree) {
                if (child.isObject() && child.has("name")) {
                    return child.path("name").asString(null);
                }
            }
        }
        for (Object value : parameters.values()) {
            if (value instanceof Record) {
                JsonNode form = tree(value);
                if (form != null && form.path("name").isString()) {
                    return form.path("name").asString();
                }
            }
        }
        return null;
    }
}
