package org.mailwright.spec;

import java.util.List;
import java.util.stream.Collectors;
import org.mailwright.model.SpecProblem;

/** A spec that cannot be used; carries every problem found, each at its key path. */
public class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super("The spec has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
