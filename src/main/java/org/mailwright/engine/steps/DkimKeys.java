package org.mailwright.engine.steps;

import java.util.Map;

/** Each domain's DKIM public key as published (base64 SubjectPublicKeyInfo), read from the key on the server. */
public record DkimKeys(Map<String, String> publicKeyByDomain) {
    public DkimKeys {
        publicKeyByDomain = Map.copyOf(publicKeyByDomain);
    }
}
