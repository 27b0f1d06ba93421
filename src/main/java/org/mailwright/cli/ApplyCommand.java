package org.mailwright.cli;

import org.mailwright.engine.Runner;
import picocli.CommandLine.Command;

@Command(name = "apply", mixinStandardHelpOptions = true, description = {"Set up the server as the spec says: plan, apply what differs, verify.",
        "Exit status: 0 all OK, 1 a step or check failed, 2 bad input (nothing sent to the server)."})
final class ApplyCommand extends RunCommand {
    @Override
    Runner.Mode mode() {
        return Runner.Mode.APPLY;
    }
}
