package org.mailwright.dns;

import java.time.Duration;
import java.util.Locale;

/**
 * Times full DNS checks of one domain against the loopback servers: parallel queries versus the sequential
 * baseline, in the same process and against the same servers. Run by bench/dns-check.sh.
 */
public final class DnsCheckBench {
    private DnsCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (TestZones zones = new TestZones().start()) {
            MailDnsSetup setup = TestZones.setup("good.test");
            Duration timeout = Duration.ofSeconds(2);
            // warm up the JIT and both servers so the first rounds do not decide the ratio
            run(new DnsChecker(zones.viaNamed(), timeout, true), setup, 50);
            run(new DnsChecker(zones.viaNamed(), timeout, false), setup, 50);
            Result seq = run(new DnsChecker(zones.viaNamed(), timeout, false), setup, n);
            Result par = run(new DnsChecker(zones.viaNamed(), timeout, true), setup, n);
            Result auth = run(new DnsChecker(zones.authoritative(), timeout, true), TestZones.setup("half.test"), n);
            print("sequential (baseline)", seq);
            print("parallel", par);
            print("parallel, authoritative (half.test)", auth);
            System.out.printf(Locale.ROOT, "ratio parallel/sequential: %.2fx faster per check (%.0f vs %.0f checks/s)%n",
                    seq.seconds / par.seconds, n / par.seconds, n / seq.seconds);
        }
    }

    private record Result(int checks, int queries, double seconds, int findings) {
    }

    private static Result run(DnsChecker checker, MailDnsSetup setup, int n) {
        int queries = 0;
        int findings = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            DnsReport r = checker.check(setup);
            queries += r.queries();
            findings = r.findings().size();
        }
        return new Result(n, queries, (System.nanoTime() - start) / 1e9, findings);
    }

    private static void print(String name, Result r) {
        System.out.printf(Locale.ROOT, "%-38s %5d checks  %6d queries  total %7.3f s  %8.1f queries/s  %6.2f ms/check  (%d findings each)%n",
                name, r.checks, r.queries, r.seconds, r.queries / r.seconds, r.seconds * 1000 / r.checks, r.findings);
    }
}
