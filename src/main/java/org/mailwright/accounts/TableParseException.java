package org.mailwright.accounts;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table on the server has lines Mailwright cannot read safely. Every problem is listed with its line, so a
 * person can fix the file by hand; nothing is written while the file is in this state.
 */
public final class TableParseException extends RuntimeException {
    private final List<TableProblem> problems;

    public TableParseException(List<TableProblem> problems) {
        super(problems.stream().map(TableProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<TableProblem> problems() {
        return problems;
    }
}
