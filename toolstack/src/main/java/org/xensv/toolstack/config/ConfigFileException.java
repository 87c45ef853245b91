package org.xensv.toolstack.config;

import java.util.List;
import java.util.Map;

import org.xensv.hypervisor.api.HypervisorException;

/** A config file that cannot be read or holds values out of range: every problem found, each with its line. */
public final class ConfigFileException extends HypervisorException {

    public static final String CODE = "INVALID_CONFIG_FILE";

    private final List<ConfigProblem> problems;

    public ConfigFileException(String format, List<ConfigProblem> problems) {
        super(CODE, Map.of("format", format, "problems", problems.stream().map(ConfigProblem::toString).toList()),
                "The " + format + " file has " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                        + String.join("; ", problems.stream().map(ConfigProblem::toString).toList()) + ".");
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
