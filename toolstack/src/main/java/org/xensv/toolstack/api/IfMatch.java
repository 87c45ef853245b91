package org.xensv.toolstack.api;

import org.xensv.hypervisor.api.InvalidValueException;

/**
 * The version an API edit was opened on: the body's {@code version} field or an {@code If-Match}
 * header holding the version ({@code 3}, {@code "3"} or {@code W/"3"}), the body winning when both
 * are given. Null when neither is: the save is then not checked against an earlier read.
 */
public final class IfMatch {

    public static final String HEADER = "If-Match";

    private IfMatch() {
    }

    public static Long version(Long bodyVersion, String ifMatch) {
        if (bodyVersion != null) {
            return bodyVersion;
        }
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(HEADER, ifMatch.length() > 40 ? ifMatch.substring(0, 40) + "…" : ifMatch,
                    "must be the object's version as the API showed it (e.g. \"3\")");
        }
    }
}
