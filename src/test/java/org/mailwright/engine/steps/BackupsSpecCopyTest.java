package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.backup.BackupLayout;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.spec.SpecReader;
import org.mailwright.spec.SpecWriter;

/** The spec's copy on the server follows its settings on apply, and all of it on mailwright backup. */
class BackupsSpecCopyTest {
    static final ServerSpec SPEC = StepPlansTest.SPEC;
    static final ServerSpec PULLED = SpecReader.read(SpecWriter.write(SPEC, "x").replace("users:\n",
            "users:\n- address: bob@example.com\n  password-hash: \"" + StepPlansTest.HASH + "\"\n"));

    static List<String> copyChanges(ServerSpec onServer, ServerSpec given, boolean whole) {
        FakeRemoteHost host = new FakeRemoteHost().file(BackupLayout.SPEC_COPY, SpecWriter.write(onServer,
                "What this server was last set up with; kept here and in every snapshot for restores."), 0600, "root", "root");
        var plan = new Backups(given, whole).plan(new StepContext(host, new Cancel(), new Facts(), RunListener.NONE));
        return plan.changesOf(FileChange.class).stream().map(FileChange::path).filter(BackupLayout.SPEC_COPY::equals).toList();
    }

    @Test
    void applyLeavesACopyThatDiffersOnlyInAccountsAndBackupRefreshesIt() {
        assertThat(PULLED.users()).hasSize(2);
        assertThat(copyChanges(SPEC, PULLED, false)).as("apply after spec pull").isEmpty();
        assertThat(copyChanges(SPEC, PULLED, true)).as("mailwright backup").containsExactly(BackupLayout.SPEC_COPY);
        assertThat(copyChanges(SPEC, SPEC, true)).as("nothing differs").isEmpty();
    }

    @Test
    void applyWritesTheCopyWhenASettingChanged() {
        ServerSpec otherSpam = SpecReader.read(SpecWriter.write(SPEC, "x").replace("reject: 15.0", "reject: 12.0"));
        assertThat(otherSpam.spam().reject()).isEqualTo(12.0);
        assertThat(copyChanges(SPEC, otherSpam, false)).containsExactly(BackupLayout.SPEC_COPY);
    }
}
