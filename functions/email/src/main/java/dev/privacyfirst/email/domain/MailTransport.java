package dev.privacyfirst.email.domain;

/** Hands a rendered message to the mail service (port); returns its message id. */
public interface MailTransport {
  String send(OutgoingMessage message);
}
