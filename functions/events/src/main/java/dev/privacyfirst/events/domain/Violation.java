package dev.privacyfirst.events.domain;

/** Why one event or profile update was rejected: the field (JSON path) and a message. */
public record Violation(String field, String message) {}
