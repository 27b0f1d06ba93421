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
}
