package org.xensv.toolstack.api;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;

/** Finds which JSON field a body failed on, so a 400 can name it. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String fieldOf(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JacksonException je && !je.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : je.getPath()) {
                if (ref.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.isEmpty() ? null : path.toString();
        }
        return null;
    }

    static String valueOf(HttpMessageNotReadableException e) {
        String message = e.getMostSpecificCause().getMessage();
        if (message == null) {
            return "(unreadable)";
        }
        int quote = message.indexOf("from String \"");
        if (quote >= 0) {
            int end = message.indexOf('"', quote + 13);
            if (end > quote) {
                return message.substring(quote + 13, end);
            }
        }
        return "(unreadable)";
    }
}
