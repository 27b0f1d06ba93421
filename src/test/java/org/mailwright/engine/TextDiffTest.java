package org.mailwright.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextDiffTest {

    @Test
    void identicalTextsHaveNoDiff() {
        assertThat(TextDiff.unified("f", "a\nb\n", "a\nb\n", false)).isEmpty();
    }

    @Test
    void newFileIsAllAdditionsFromDevNull() {
        assertThat(TextDiff.unified("/etc/x", "", "one\ntwo\n", true))
                .isEqualTo("--- /dev/null\n+++ /etc/x\n@@ -0,0 +1,2 @@\n+one\n+two\n");
    }

    @Test
    void changedLineShowsThreeLinesOfContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assertThat(TextDiff.unified("f", before, after, false))
                .isEqualTo("--- f\n+++ f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
    }

    @Test
    void distantChangesMakeSeparateHunks() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            a.append(i).append('\n');
        }
        String before = a.toString();
        String after = before.replace("\n2\n", "\ntwo\n").replace("\n28\n", "\ntwenty-eight\n");
        String diff = TextDiff.unified("f", before, after, false);
        assertThat(diff.lines().filter(l -> l.startsWith("@@"))).containsExactly("@@ -1,5 +1,5 @@", "@@ -25,6 +25,6 @@");
    }

    /** Applying the diff's + and context lines must give the new text back: the diff loses nothing. */
    @Test
    void diffOfWholeRewriteReconstructsNewText() {
        String before = "a\nb\nc\n";
        String after = "x\nb\ny\nz\n";
        String diff = TextDiff.unified("f", before, after, false);
        StringBuilder rebuilt = new StringBuilder();
        diff.lines().skip(3).filter(l -> !l.startsWith("-") && !l.startsWith("@@")).forEach(l -> rebuilt.append(l.substring(1)).append('\n'));
        assertThat(rebuilt.toString()).isEqualTo(after);
    }
}
