package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;

/**
 * rspamd right after its package started it is still loading its rules; until its scanner answers, filter-rspamd
 * refuses every message with "421 server internal error" (seen in the lab: apply's own delivery check failed so).
 */
class RspamdReadyTest {
    private final FakeRemoteHost host = new FakeRemoteHost().on("rspamadm configtest", 0, "").on("systemctl", 0, "");
    private final List<String> said = new CopyOnWriteArrayList<>();
    private final StepContext ctx = new StepContext(host, new Cancel(), new Facts(), new RunListener() {
        @Override
        public void message(String stepId, String message) {
            said.add(message);
        }
    });
    private final Rspamd step = new Rspamd(StepPlansTest.SPEC);

    {
        // the accounts the step reads are merged for the server's Dovecot, which its release tells before packages exist
        ctx.facts().put(org.mailwright.facts.ServerFacts.class, new org.mailwright.facts.ServerFacts("debian", "trixie", "Debian GNU/Linux 13 (trixie)", true,
                18_000_000, 2_000_000, "eth0", List.of("203.0.113.7"), List.of(), java.util.Set.of(22)));
    }

    /** Pings fail until the {@code answersFrom}-th one (1-based); 0: never answers. */
    private AtomicInteger pings(int answersFrom) {
        AtomicInteger n = new AtomicInteger();
        host.on("end=$((", c -> new CommandResult(c.line(), answersFrom > 0 && n.incrementAndGet() >= answersFrom ? 0 : 1, "", ""));
        return n;
    }

    private void apply() {
        Plan plan = step.plan(ctx);
        step.apply(ctx, plan);
    }

    @Test
    void runningRspamdIsReloadedSoItsWorkersKeepScanning() {
        pings(1);
        apply();
        assertThat(host.executed()).contains("systemctl reload-or-restart rspamd").doesNotContain("systemctl restart rspamd");
        assertThat(said).noneMatch(m -> m.contains("Waiting"));
    }

    @Test
    void rspamdStillLoadingIsRestartedAndTheNextStepsGoOnWhileTheCheckWaitsForIt() {
        pings(4); // not answering before the restart, nor in the short look after it, nor at the check's first look
        apply();
        List<String> run = host.executed();
        List<String> waits = run.stream().filter(l -> l.startsWith("end=$((")).toList();
        assertThat(waits).as("a look before the restart and a short one after it, no long wait in the step").hasSize(2);
        assertThat(waits.get(1)).contains("+ 1 ))");
        assertThat(run).contains("systemctl restart rspamd").doesNotContain("systemctl reload-or-restart rspamd");
        assertThat(run.indexOf("systemctl restart rspamd")).isBetween(run.indexOf(waits.get(0)), run.indexOf(waits.get(1)));
        assertThat(said).anyMatch(m -> m.startsWith("rspamd is loading its rules")).noneMatch(m -> m.startsWith("Waiting"));

        assertThat(Rspamd.awaitScanning(ctx)).isEmpty();
        List<String> later = host.executed().stream().filter(l -> l.startsWith("end=$((")).skip(2).toList();
        assertThat(later).hasSize(2);
        assertThat(later.get(1)).as("restarted in this run: the first start's long wait").contains("+ " + Rspamd.READY_SECONDS + " ))");
        assertThat(said).anyMatch(m -> m.startsWith("Waiting for rspamd to load its rules"));
    }

    @Test
    void rspamdThatNeverAnswersFailsTheCheckSayingWhatMailSeesMeanwhile() {
        pings(0);
        apply();
        assertThat(Rspamd.awaitScanning(ctx)).hasValueSatisfying(f -> {
            assertThat(f.message()).contains("does not answer on 127.0.0.1:11333 after " + Rspamd.READY_SECONDS + " s").contains("421");
            assertThat(f.fix()).contains("journalctl -u rspamd");
        });
    }

    @Test
    void withoutARestartInThisRunTheCheckWaitsAMinuteAtMost() {
        pings(0);
        assertThat(Rspamd.awaitScanning(ctx)).hasValueSatisfying(f -> assertThat(f.message()).contains("after 60 s"));
        assertThat(host.executed()).filteredOn(l -> l.startsWith("end=$((")).singleElement().asString().contains("+ 60 ))");
    }

    @Test
    void pingNeedsNoCurlAndAsksTheScannerFilterRspamdUses() {
        assertThat(Rspamd.PING).contains("/dev/tcp/127.0.0.1/11333").contains("GET /ping").contains("pong").doesNotContain("curl");
    }
}
