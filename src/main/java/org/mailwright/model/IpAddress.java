package org.mailwright.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IP address literals as people and fail2ban write them, checked without DNS or {@code java.net} (the model does no
 * I/O): dotted IPv4 and RFC 4291 2.2 IPv6, optionally with a /prefix.
 */
public final class IpAddress {
    private IpAddress() {
    }

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    /**
     * Whether {@code address} is one IPv4 or IPv6 address (no prefix, no brackets, no host name): what
     * {@code mailwright unban} and {@code fail2ban-client unban} take.
     */
    public static boolean isAddress(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(address).matches()) {
            return true;
        }
        return address.length() <= 45 && IPV6.matcher(address).matches() && ipv6(address);
    }

    /** RFC 4291 2.2 text forms: eight groups of 1-4 hex digits, one "::" for a run of zero groups, a dotted IPv4 tail. */
    private static boolean ipv6(String a) {
        int gap = a.indexOf("::");
        if (gap >= 0 && a.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        List<String> parts = new ArrayList<>();
        if (gap < 0) {
            parts.addAll(List.of(a.split(":", -1)));
        } else {
            String head = a.substring(0, gap);
            String tail = a.substring(gap + 2);
            if (!head.isEmpty()) {
                parts.addAll(List.of(head.split(":", -1)));
            }
            if (!tail.isEmpty()) {
                parts.addAll(List.of(tail.split(":", -1)));
            }
        }
        int groups = 0;
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (i == parts.size() - 1 && p.contains(".")) {
                if (!IPV4.matcher(p).matches()) {
                    return false;
                }
                groups += 2;
            } else if (p.matches("[0-9a-fA-F]{1,4}")) {
                groups++;
            } else {
                return false;
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    /** Whether {@code entry} is an address or an address/prefix (IPv4 /0-32, IPv6 /0-128): what fail2ban's ignoreip takes. */
    public static boolean isNetwork(String entry) {
        if (entry == null) {
            return false;
        }
        int slash = entry.indexOf('/');
        String addr = slash < 0 ? entry : entry.substring(0, slash);
        if (!isAddress(addr)) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String p = entry.substring(slash + 1);
        if (!p.matches("[0-9]{1,3}")) {
            return false;
        }
        int prefix = Integer.parseInt(p);
        return prefix <= (addr.contains(":") ? 128 : 32);
    }
}
