package org.mailwright.engine;

import org.mailwright.model.Finding;
import java.util.List;

/**
 * One stage of setting up a server. A step first reads what is on the server and plans only what differs (an
 * empty plan means it is done), then applies that plan, then verifies the result. Steps keep no state of their
 * own between calls: what later steps need goes into {@link StepContext#facts()}.
 */
public interface Step {

    /** A short stable identifier: {@code preflight}, {@code packages}, ... */
    String id();

    /** What a person sees: "Install packages". */
    String title();

    /** Reads the server (never changes it) and returns what would change. */
    Plan plan(StepContext ctx);

    /** Carries out a plan made by {@link #plan} in the same run. Called only for a non-empty plan. */
    void apply(StepContext ctx, Plan plan);

    /** Checks that the step's effect is in place; read-only. */
    List<Finding> verify(StepContext ctx);

    /**
     * Whether the run may go on after this step ended in ERROR. Only a step that left a working stand-in in place
     * (a temporary certificate when certbot failed) says yes: the person gets the error and a server that works.
     */
    default boolean continuesAfterError(StepContext ctx) {
        return false;
    }
}
