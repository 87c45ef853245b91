package org.xensv.toolstack.bootstrap;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused memory configuration as what is wrong and what to change, without a stack trace to read. */
class EmbeddedCapacityFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedCapacityException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedCapacityException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
