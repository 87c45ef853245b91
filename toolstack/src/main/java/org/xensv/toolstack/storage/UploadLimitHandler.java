package org.xensv.toolstack.storage;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An API upload larger than the multipart limit is cut off before any controller runs: answered
 * 413 as the other errors are answered, naming the field {@code file}. Nothing reached a repository.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitHandler {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "file is larger than the upload limit" + (e.getMaxUploadSize() > 0 ? " of " + (e.getMaxUploadSize() >> 20) + " MiB" : "")
                        + "; nothing was stored.");
        problem.setType(URI.create("urn:xensv:error:INVALID_VALUE"));
        problem.setProperty("code", "INVALID_VALUE");
        problem.setProperty("field", "file");
        return problem;
    }
}
