package org.xensv.toolstack.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every API request body that is not a multipart upload (JSON, a config file) to
 * {@code xensv.api.max-body-kib} (1 MiB by default): a larger declared length is answered 413 before
 * anything reads it, and a body sent without a length stops being read at the bound (also 413).
 * Uploads have their own bound (the multipart limit, see the storage package).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    BodyLimitFilter(@Value("${xensv.api.max-body-kib:1024}") long maxKib) {
        this.maxBytes = maxKib * 1024;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !request.getRequestURI().startsWith("/api/") || type != null && type.toLowerCase().startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(response, maxBytes);
            return;
        }
        chain.doFilter(new Bounded(request, maxBytes), response);
    }

    /** The 413 problem, as {@link ApiExceptionHandler} answers the others. */
    static void tooLarge(HttpServletResponse response, long maxBytes) throws IOException {
        response.setStatus(413);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Connection", "close");
        response.getWriter().write("{\"type\":\"urn:xensv:error:BODY_TOO_LARGE\",\"title\":\"Content Too Large\",\"status\":413,"
                + "\"detail\":\"" + message(maxBytes) + "\",\"code\":\"BODY_TOO_LARGE\",\"field\":\"body\","
                + "\"params\":{\"maxBytes\":" + maxBytes + "}}");
    }

    static String message(long maxBytes) {
        return "The request body is larger than the limit of " + (maxBytes >= 1024 * 1024 ? maxBytes / (1024 * 1024) + " MiB"
                : maxBytes / 1024 + " KiB") + "; nothing was changed.";
    }

    /** Thrown by a bounded body read past its bound; the API's error handler answers it 413. */
    static final class BodyTooLargeException extends IOException {

        final long maxBytes;

        BodyTooLargeException(long maxBytes) {
            super(message(maxBytes));
            this.maxBytes = maxBytes;
        }
    }

    private static final class Bounded extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLargeException {
                        read += n;
                        if (read > maxBytes) {
                            throw new BodyTooLargeException(maxBytes);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
