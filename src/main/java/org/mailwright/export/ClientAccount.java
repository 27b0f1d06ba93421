package org.mailwright.export;

import java.util.Objects;
import org.mailwright.model.EmailAddress;

/**
 * One mailbox as a client sets it up.
 *
 * @param address     the mailbox address, which is also the login name (the credentials table is keyed by address)
 * @param displayName the person's name shown as sender; the address when nobody gave a name
 */
public record ClientAccount(String address, String displayName) {

    public ClientAccount {
        Objects.requireNonNull(address);
        Objects.requireNonNull(displayName);
        // XML 1.0 cannot carry most control characters at all, so such a name could not be exported
        if (displayName.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new IllegalArgumentException("The name for " + address + " has control characters (a tab or line break?): type it on one line.");
        }
    }

    public static ClientAccount of(String address) {
        return new ClientAccount(address, address);
    }

    public String username() {
        return address;
    }

    public String domain() {
        return EmailAddress.domainOf(address);
    }

    public boolean hasName() {
        return !displayName.isBlank() && !displayName.equals(address);
    }
}
