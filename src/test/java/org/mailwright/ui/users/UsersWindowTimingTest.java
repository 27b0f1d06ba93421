package org.mailwright.ui.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.remote.Auth;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;
import org.mailwright.session.Mailboxes;
import org.mailwright.ui.FxThreadWatch;
import org.mailwright.ui.FxUiExecutor;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * For {@code bench/scale.sh}, not for CI: opens the users window under Monocle over a real lab droplet (its
 * {@code /run/mailwright-lab/NAME/env} in {@code -Dscale.env}, the number of mailboxes it holds in
 * {@code -Dscale.mailboxes}) and prints one line, {@code users window: N mailboxes,
 * T ms to a filled table}, from the window's creation to a table holding every mailbox the server has. The SSH
 * login is made first and not counted, as the dashboard's window opens on a connected session. Skipped without the
 * property. {@link FxThreadWatch} watches the FX thread meanwhile.
 */
@EnabledIfSystemProperty(named = "scale.env", matches = ".+")
class UsersWindowTimingTest {

    @Test
    void timeToAFilledTable() throws Exception {
        Map<String, String> env = Files.readAllLines(Path.of(System.getProperty("scale.env"))).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
        Path known = Files.createTempFile("scale-known-hosts", "");
        try (SshRemoteHost host = SshRemoteHost.connect(new SshTarget(env.get("HOST"), 22, "root", Auth.keyFile(Path.of(env.get("SSH_KEY"))), null),
                new HostKeyStore(known), key -> true)) {
            // the count comes from the bench, not from a read here, which would warm up what the window then does
            int expected = Integer.parseInt(System.getProperty("scale.mailboxes"));
            FxToolkit.registerPrimaryStage();
            // over a real server too, nothing that waits on it may hold the FX thread
            FxThreadWatch.Sampler watch = FxThreadWatch.start();
            FxUiExecutor ui = new FxUiExecutor();
            UsersWindowModel[] opened = new UsersWindowModel[1];
            long t0 = System.nanoTime();
            FxToolkit.setupStage((Stage stage) -> {
                UsersWindowModel model = UsersWindowModel.over(Mailboxes.of(new MailboxService(host, DkimSettings.DEFAULT)), ui);
                UsersWindow.showIn(stage, model);
                opened[0] = model;
            });
            // the model's list is the mailbox table's items
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> opened[0] != null && opened[0].mailboxes().size() >= expected);
            WaitForAsyncUtils.waitForFxEvents();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("users window: " + expected + " mailboxes, " + ms + " ms to a filled table");
            assertThat(opened[0].mailboxes()).hasSizeGreaterThanOrEqualTo(expected);
            watch.stop().assertNoAppBlocking();
            ui.shutdown();
            FxToolkit.cleanupStages();
        } finally {
            Files.deleteIfExists(known);
        }
    }
}
