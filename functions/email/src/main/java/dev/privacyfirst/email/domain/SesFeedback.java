package dev.privacyfirst.email.domain;

import java.util.List;

/** An SES event notification, reduced to what suppression needs. */
public sealed interface SesFeedback {
  /**
   * @param eventId the feedback id (unique per event), for idempotent recording
   * @param permanent a hard bounce ("Permanent"): the address is not valid
   * @param addresses bounced recipients
   */
  record Bounce(String eventId, boolean permanent, List<String> addresses) implements SesFeedback {
    public Bounce {
      addresses = List.copyOf(addresses);
    }

    @Override
    public String toString() {
      return "Bounce[permanent=" + permanent + ", recipients=" + addresses.size() + "]";
    }
  }

  record Complaint(String eventId, List<String> addresses) implements SesFeedback {
    public Complaint {
      addresses = List.copyOf(addresses);
    }

    @Override
    public String toString() {
      return "Complaint[recipients=" + addresses.size() + "]";
    }
  }

  /** Deliveries, sends, opens and anything else: nothing to do. */
  record Other(String type) implements SesFeedback {}
}
