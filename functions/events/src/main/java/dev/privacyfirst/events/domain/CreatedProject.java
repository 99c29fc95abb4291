package dev.privacyfirst.events.domain;

/** A new project and its secret, shown once to the operator and never stored in clear. */
public record CreatedProject(Project project, String secret) {}
