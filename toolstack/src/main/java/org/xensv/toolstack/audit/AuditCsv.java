package org.xensv.toolstack.audit;

import java.io.IOException;
import java.io.Writer;

/**
 * The audit log as CSV (RFC 4180): every field quoted when it holds a comma, quote or line break,
 * quotes doubled; a field a spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * is prefixed with an apostrophe.
 */
final class AuditCsv {

    private static final String[] HEADER = {"time", "user", "address", "operation", "object_type", "object_id",
            "object_name", "outcome", "error_code", "error_message", "parameters"};

    private AuditCsv() {
    }

    static void header(Writer out) throws IOException {
        line(out, HEADER);
    }

    static void row(AuditEntry e, Writer out) throws IOException {
        line(out, new String[] {String.valueOf(e.at()), e.actor(), e.address(), e.operation(), e.objectType(),
                e.objectId() == null ? null : e.objectId().toString(), e.objectName(), e.outcome().name(), e.errorCode(),
                e.errorMessage(), e.parameters()});
    }

    private static void line(Writer out, String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields[i]));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = value;
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
