package org.mailwright.engine.steps;

/** Where the mail services find the certificate chain and its key; decided by the TLS step. */
public record TlsPaths(String cert, String key) {
}
