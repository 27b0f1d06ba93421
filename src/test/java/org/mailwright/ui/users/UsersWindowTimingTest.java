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
 * {@code /run/mailwright-lab/NAME/env} in {@code -Dscale.env}, the number of domains it serves in
 * {@code -Dscale.domains}) and prints one line, {@code users window: N domains,
 * T ms to a filled table}, from the window's creation to a window that lists every domain and shows the first one's
 * mailboxes (it works out every domain's rows before it shows any). The SSH
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
            int domains = Integer.parseInt(System.getProperty("scale.domains"));
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
            // filled: every domain in the chooser and the chosen one's rows in the table (the model's list is its items);
            // the window works out all domains' rows before it shows the first (UsersWindowModel's Shown)
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> opened[0] != null
                    && opened[0].stateProperty().get() == UsersWindowModel.State.READY && !opened[0].busyProperty().get()
                    && opened[0].domains().size() >= domains && !opened[0].mailboxes().isEmpty());
            WaitForAsyncUtils.waitForFxEvents();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("users window: " + opened[0].domains().size() + " domains, " + ms + " ms to a filled table ("
                    + opened[0].mailboxes().size() + " rows in the first)");
            assertThat(opened[0].domains()).hasSizeGreaterThanOrEqualTo(domains);
            watch.stop().assertNoAppBlocking();
            ui.shutdown();
            FxToolkit.cleanupStages();
        } finally {
            Files.deleteIfExists(known);
        }
    }
}
