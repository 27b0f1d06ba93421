package org.mailwright.cli;

import org.mailwright.engine.Runner;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true, description = {"Show what apply would change (file diffs, packages, commands) without changing anything.",
        "Exit status: 0 all OK, 1 a step or check failed, 2 bad input (nothing sent to the server)."})
final class PlanCommand extends RunCommand {
    @Override
    Runner.Mode mode() {
        return Runner.Mode.PLAN;
    }
}
