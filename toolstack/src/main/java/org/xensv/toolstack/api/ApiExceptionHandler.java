package org.xensv.toolstack.api;

import java.net.URI;

import jakarta.persistence.OptimisticLockException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.audit.AuditLog;
import org.xensv.toolstack.error.ErrorStatus;
import org.xensv.toolstack.error.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import org.xensv.toolstack.error.Errors;

/**
 * Maps every error to an RFC 9457 problem: status from {@link ErrorStatus}, a sentence a person can
 * act on, the stable code and its named parameters, and the offending field for bad input.
 */
@RestControllerAdvice(basePackages = "org.xensv.toolstack")
class ApiExceptionHandler {

    private final AuditLog audit;

    ApiExceptionHandler(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * A caller whose role may not do what they asked: refused before anything was tried, and recorded
     * in the audit log as refused (the action, the path asked for and the sentence they were given).
     */
    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e, HttpServletRequest request) {
        audit.refused(AuditLog.operationName(String.valueOf(e.params().get("action"))),
                request.getMethod() + " " + request.getRequestURI(), e.getMessage());
        return xensv(e);
    }

    @ExceptionHandler(HypervisorException.class)
    ProblemDetail xensv(HypervisorException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(ErrorStatus.of(e)), e.getMessage());
        problem.setType(URI.create("urn:xensv:error:" + e.code()));
        problem.setProperty("code", e.code());
        problem.setProperty("params", e.params());
        if (e instanceof InvalidValueException invalid) {
            problem.setProperty("field", invalid.field());
        }
        if (e instanceof org.xensv.toolstack.config.ConfigFileException file) {
            problem.setProperty("problems", file.problems());
        }
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return xensv(new InvalidValueException(e.getName(), e.getValue(), "is not a valid "
                + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName())));
    }

    /** A body sent without a length that ran past the bound while a controller read it. */
    @ExceptionHandler(BodyLimitFilter.BodyTooLargeException.class)
    ProblemDetail tooLarge(BodyLimitFilter.BodyTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        problem.setType(URI.create("urn:xensv:error:BODY_TOO_LARGE"));
        problem.setProperty("code", "BODY_TOO_LARGE");
        problem.setProperty("field", "body");
        problem.setProperty("params", java.util.Map.of("maxBytes", e.maxBytes));
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        String field = JsonErrors.fieldOf(e);
        if (field == null) {
            return xensv(new InvalidValueException("body", "(unreadable)", "must be a JSON object of the documented shape"));
        }
        return xensv(new InvalidValueException(field, JsonErrors.valueOf(e), "has the wrong type"));
    }

    @ExceptionHandler({OptimisticLockingFailureException.class, OptimisticLockException.class})
    ProblemDetail concurrent(RuntimeException e) {
        return xensv(Errors.known(e));
    }
}
