package org.xensv.toolstack.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import org.xensv.hypervisor.api.InvalidValueException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a JSON body with the NUL character (U+0000) in any text, naming the field: no name,
 * description or URI needs one, and PostgreSQL cannot store it in text (the database's refusal
 * would otherwise surface as a 500 after the request had been taken). A body that is not valid
 * JSON is left to the converter, which answers it as it always has.
 */
@ControllerAdvice
class NulCharacterCheck extends RequestBodyAdviceAdapter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return converterType.getSimpleName().contains("Json");
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException notJson) {
            tree = null;
        }
        if (tree != null) {
            String field = fieldWithNul(tree, "");
            if (field != null) {
                throw new InvalidValueException(field.isEmpty() ? "body" : field, "(text with U+0000)",
                        "must not contain the NUL character (U+0000)");
            }
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** The path of the first text (or key) holding U+0000, or null. */
    private static String fieldWithNul(JsonNode node, String path) {
        if (node.isString()) {
            return node.asString().indexOf('\u0000') >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = fieldWithNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                if (entry.getKey().indexOf('\u0000') >= 0) {
                    return child;
                }
                String found = fieldWithNul(entry.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
