package dev.privacyfirst.accounts.domain;

import java.util.List;

/** The consents, the application grants in force and every change so far, oldest first. */
public record ConsentsView(Consents consents, List<Grant> grants, List<ConsentChange> history) {
  public ConsentsView {
    grants = List.copyOf(grants);
    history = List.copyOf(history);
  }
}
