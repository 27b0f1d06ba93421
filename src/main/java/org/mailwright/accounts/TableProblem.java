package org.mailwright.accounts;

/** Why one line of a mail table cannot be used: the table's name, the 1-based line number and what is wrong. */
public record TableProblem(String table, int line, String message) {
    @Override
    public String toString() {
        return table + " line " + line + ": " + message;
    }
}
