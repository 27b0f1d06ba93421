package org.mailwright.cli;

import org.mailwright.engine.Runner;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true, description = {"Verify the server against the spec without changing anything.",
        "Exit status: 0 all OK, 1 a step or check failed, 2 bad input (nothing sent to the server)."})
final class CheckCommand extends RunCommand {
    @Override
    Runner.Mode mode() {
        return Runner.Mode.CHECK;
    }
}
