package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A mistyped command gets a sentence that says what to type, and every command's one-line summary is whole. */
class CommandWordsTest {

    private static String run(int[] exit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = MailwrightCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        exit[0] = cl.execute(args);
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource({"aply, 'aply' is not a mailwright command; did you mean apply?",
            "chek, 'chek' is not a mailwright command; did you mean check?",
            "users ad, 'ad' is not a mailwright users command; did you mean add?",
            "spec pul, 'pul' is not a mailwright spec command; did you mean pull?",
            "frobnicate, 'frobnicate' is not a mailwright command (mailwright --help lists them)"})
    void aMistypedCommandSaysWhichOneWasMeant(String typed, String said) {
        int[] exit = new int[1];
        String out = run(exit, (typed + " x.yaml").split(" "));
        assertThat(exit[0]).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(out).startsWith(said).doesNotContain("unexpected argument").doesNotContain("Usage:");
    }

    @Test
    void aWordThatMayBeASecretIsNotRepeated() {
        int[] exit = new int[1];
        String out = run(exit, "hunter2-Secret!", "x.yaml");
        assertThat(exit[0]).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(out).startsWith("That is not a mailwright command").doesNotContain("hunter2");
    }

    @Test
    void everyCommandListedInAHelpHasAWholeSentence() {
        List<String> cut = new ArrayList<>();
        walk(MailwrightCommand.commandLine(), cut);
        assertThat(cut).as("summaries that stop mid-sentence in a --help list").isEmpty();
    }

    /** picocli formats descriptions with String.format: a bare "90 %" once made `users quota --help` warn. */
    @Test
    void everyHelpRendersWithoutAFormatWarning() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream caught = new java.io.ByteArrayOutputStream();
        List<String> helps = new ArrayList<>();
        try {
            System.setErr(new java.io.PrintStream(caught, true, java.nio.charset.StandardCharsets.UTF_8));
            render(MailwrightCommand.commandLine(), helps);
        } finally {
            System.setErr(err);
        }
        assertThat(helps).isNotEmpty();
        assertThat(caught.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(String.join("\n", helps).replaceAll("\\s+", " ")).contains("At 90 % the person gets a warning mail.");
    }

    private static void render(CommandLine c, List<String> helps) {
        helps.add(c.getUsageMessage());
        c.getSubcommands().values().forEach(sub -> render(sub, helps));
    }

    private static void walk(CommandLine c, List<String> cut) {
        for (CommandLine sub : c.getSubcommands().values()) {
            var usage = sub.getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description().length > 0 ? usage.description()[0] : "";
            if (!summary.strip().endsWith(".")) {
                cut.add(sub.getCommandSpec().qualifiedName() + ": " + summary);
            }
            walk(sub, cut);
        }
    }
}
