package org.mailwright.model;

/** How counts are written in messages, the CLI and the window alike: "1 mailbox", "3 mailboxes", "0 changes". */
public final class Words {
    private Words() {
    }

    /**
     * @param n    the count
     * @param one  the singular ("mailbox")
     * @param many the plural ("mailboxes"); English plurals are too irregular to derive
     * @return "{@code n} one" when n is 1, else "{@code n} many"
     */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /**
     * A size for people in binary units, as {@code du -h} and the maildir sizes show it: "512 B", "4.0 KiB",
     * "6.2 MiB", "1.3 GiB" (one decimal from KiB on).
     *
     * @param bytes a size in bytes, 0 or more
     */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * How long ago something happened, rounded down to the largest unit: "just now" (under a minute), "5 min ago",
     * "20 h ago", "3 days ago".
     *
     * @param elapsed the time since it happened; a negative one (a clock ahead) reads as "just now"
     */
    public static String ago(java.time.Duration elapsed) {
        long s = elapsed.getSeconds();
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 2 * 86400) {
            return s / 3600 + " h ago";
        }
        return s / 86400 + " days ago";
    }

    /**
     * The candidate a mistyped word was most likely meant to be, for "did you mean ...?": at most two letters off
     * (insertions, deletions, substitutions, swapped neighbours; fewer for short words), or the start of it.
     *
     * @param word       what was typed
     * @param candidates the words allowed there
     * @return the closest candidate, or empty when none is close enough to be a good guess
     */
    public static java.util.Optional<String> closest(String word, java.util.Collection<String> candidates) {
        String key = word;
        java.util.Set<String> allowed = new java.util.TreeSet<>(candidates);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), a);
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        boolean prefix = best != null && key.length() >= 3 && (best.startsWith(key) || key.startsWith(best));
        return bestDistance <= Math.min(2, key.length() / 2) || prefix ? java.util.Optional.ofNullable(best) : java.util.Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each count 1. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

}
