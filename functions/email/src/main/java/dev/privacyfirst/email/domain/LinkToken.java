package dev.privacyfirst.email.domain;

/**
 * What an email link names: the recipient ("a:" account id or "h:" keyed hash of an address, never
 * the address) and the scope (a category id or {@link Categories#ALL}).
 */
public record LinkToken(String recipient, String scope) {}
