package org.mailwright.model;

/** How a check came out. Ordered from best to worst so the worst of several is their maximum. */
public enum Severity { OK, WARN, ERROR }
