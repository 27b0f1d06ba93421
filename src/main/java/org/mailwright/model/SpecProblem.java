package org.mailwright.model;

/** One thing wrong with a spec, at a key path a person can find ({@code users[2].address}). */
public record SpecProblem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
