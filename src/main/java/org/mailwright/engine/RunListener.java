package org.mailwright.engine;

import java.util.List;

/**
 * What a run reports as it goes. Called on the thread that runs the steps: a GUI hops to its own thread itself.
 * Every method has an empty default so a listener implements only what it shows.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    default void runStarted(List<Step> steps) {
    }

    default void stepStarted(Step step, int index, int count) {
    }

    default void planned(Step step, Plan plan) {
    }

    default void stepProgress(String stepId, double fraction) {
    }

    default void message(String stepId, String message) {
    }

    /** One line of a remote command's output. */
    default void log(String stepId, String line) {
    }

    default void stepFinished(Step step, StepOutcome outcome) {
    }

    default void runFinished(RunReport report) {
    }
}
