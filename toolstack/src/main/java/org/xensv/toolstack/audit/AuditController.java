package org.xensv.toolstack.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log: {@code GET /api/v1/audit} a page of entries, newest first, filtered by user,
 * object (id or part of a name), operation (or type) and time ({@code from} inclusive, {@code to}
 * exclusive, ISO-8601 instants); the same as CSV at {@code /api/v1/audit.csv} or with
 * {@code format=csv}.
 */
@RestController
@RequestMapping("/api/v1")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    AuditPage list(@RequestParam(required = false) String user, @RequestParam(required = false) String object,
                   @RequestParam(required = false) String operation,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return audit.search(new AuditQuery(user, object, operation, from, to), page, size);
    }

    @GetMapping(value = "/audit", params = "format=csv")
    void csvByFormat(@RequestParam(required = false) String user, @RequestParam(required = false) String object,
                     @RequestParam(required = false) String operation,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                     HttpServletResponse response) throws IOException {
        csv(user, object, operation, from, to, response);
    }

    @GetMapping("/audit.csv")
    void csv(@RequestParam(required = false) String user,
             @RequestParam(required = false) String object, @RequestParam(required = false) String operation,
             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
             HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"xensv-audit.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        audit.csv(new AuditQuery(user, object, operation, from, to), out);
    }
}
