package org.xensv.toolstack.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.xensv.toolstack.error.UnauthenticatedException;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 from the security filters as the same problem JSON the controllers answer with. */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        String code = "UNAUTHENTICATED";
        String detail = UnauthenticatedException.MESSAGE;
        if (e instanceof LockedException) {
            code = "LOGIN_LOCKED";
            detail = e.getMessage();
        } else if (e instanceof BadCredentialsException) {
            detail = e.getMessage() != null && e.getMessage().contains("token") ? e.getMessage() : "Wrong user name or password.";
        } else if (e instanceof DisabledException) {
            detail = "This user is disabled: ask an admin.";
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"xensv\"");
        response.addHeader("WWW-Authenticate", "Bearer realm=\"xensv\"");
        write(response, 401, "Unauthorized", code, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        if (e instanceof CsrfException) {
            write(response, 403, "Forbidden", "CSRF_TOKEN",
                    "A request signed in by the console's session cookie needs the console's CSRF token; scripts use HTTP Basic or an API token.");
        } else {
            write(response, 403, "Forbidden", "FORBIDDEN", "Your role may not do this.");
        }
    }

    private static void write(HttpServletResponse response, int status, String title, String code, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:xensv:error:" + code);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        body.put("params", Map.of());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
