package org.xensv.toolstack.audit;

import java.io.InputStream;
import java.io.Reader;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A call's parameters as the audit log keeps them: JSON, every value of a field whose name says it
 * is a secret (password, token, secret, credential, private key, or keystrokes typed on a guest's
 * console, which may be a password for the guest) replaced by "[redacted]", long
 * strings cut, streams named but not read.
 */
final class AuditParameters {

    static final String REDACTED = "[redacted]";
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|token|secret|credential|private.?key|keystrokes).*");
    private static final int MAX_STRING = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditParameters() {
    }

    static String json(Map<String, ?> parameters) {
        ObjectNode root = JSON.createObjectNode();
        parameters.forEach((name, value) -> root.set(name, SECRET.matcher(name).matches() && value != null
                ? StringNode.valueOf(REDACTED) : node(value)));
        return root.toString();
    }

    private static JsonNode node(Object value) {
        if (value instanceof InputStream || value instanceof Reader || value instanceof byte[]) {
            return StringNode.valueOf("(data)");
        }
        if (value instanceof CharSequence s) {
            return StringNode.valueOf(cut(s.toString()));
        }
        try {
            return redacted(JSON.valueToTree(value));
        } catch (RuntimeException e) {
            return StringNode.valueOf(cut(String.valueOf(value)));
        }
    }

    private static JsonNode redacted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : new java.util.ArrayList<>(object.propertyNames())) {
                JsonNode child = object.get(name);
                object.set(name, SECRET.matcher(name).matches() && !child.isNull() ? StringNode.valueOf(REDACTED) : redacted(child));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((tools.jackson.databind.node.ArrayNode) node).set(i, redacted(node.get(i)));
            }
        } else if (node.isString() && node.asString().length() > MAX_STRING) {
            return StringNode.valueOf(cut(node.asString()));
        }
        return node;
    }

    private static String cut(String s) {
        return s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING) + "… (" + s.length() + " characters)";
    }
}
