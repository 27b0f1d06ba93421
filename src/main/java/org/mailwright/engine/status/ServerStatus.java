package org.mailwright.engine.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/**
 * A server's status at one moment: every check of the dashboard and of {@code mailwright status}, in display order
 * (system, network, then each domain).
 *
 * @param host     the server as the spec names it
 * @param at       when the checks finished
 * @param checks   every check, skipped ones included, in display order
 */
public record ServerStatus(String host, Instant at, List<StatusCheck> checks) {
    public ServerStatus {
        checks = List.copyOf(checks);
    }

    /**
     * The status with {@code checks} in display order: System, Network, then the domains A-Z; inside a group, services,
     * ports and their TLS (in the order mail meets them: 25, 465, 587, 993, then ManageSieve's 4190), then the rest by kind, whichever finished first.
     */
    public static ServerStatus ordered(String host, Instant at, List<StatusCheck> checks) {
        List<String> groups = new java.util.ArrayList<>(List.of(StatusCheck.SYSTEM, StatusCheck.NETWORK));
        checks.stream().map(StatusCheck::group).filter(g -> !groups.contains(g)).distinct().sorted().forEach(groups::add);
        List<StatusCheck> sorted = new java.util.ArrayList<>(checks);
        sorted.sort(java.util.Comparator.comparingInt((StatusCheck c) -> groups.indexOf(c.group())).thenComparingInt(ServerStatus::rank)
                .thenComparingInt(ServerStatus::portOrder));
        return new ServerStatus(host, at, sorted);
    }

    private static int rank(StatusCheck c) {
        String[] order = {"service.", "port.", "tls.", "outbound.", "dnsbl.", "queue", "disk.", "inodes.", "memory", "certificate", "renewal",
            "backup", "ssh.", "updates.", "reboot", "dns.", "dnssec."};
        for (int i = 0; i < order.length; i++) {
            if (c.id().startsWith(order[i])) {
                return i;
            }
        }
        return order.length;
    }

    private static int portOrder(StatusCheck c) {
        String tail = c.id().substring(c.id().lastIndexOf('.') + 1);
        return tail.matches("\\d+") ? org.mailwright.model.MailPorts.FIREWALL.indexOf(Integer.parseInt(tail)) : 0;
    }

    /** The checks by group, groups in display order. */
    public Map<String, List<StatusCheck>> groups() {
        Map<String, List<StatusCheck>> out = new LinkedHashMap<>();
        for (StatusCheck c : checks) {
            out.computeIfAbsent(c.group(), g -> new java.util.ArrayList<>()).add(c);
        }
        return out;
    }

    /** The worst severity of the checks that ran (OK when none). */
    public Severity worst() {
        return Finding.worst(checks.stream().filter(c -> !c.isSkipped()).map(StatusCheck::finding).toList());
    }
}
