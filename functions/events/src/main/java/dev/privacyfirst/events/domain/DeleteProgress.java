package dev.privacyfirst.events.domain;

/** What a budgeted deletion removed, and whether anything it was asked to delete is left. */
public record DeleteProgress(int deleted, boolean done) {}
