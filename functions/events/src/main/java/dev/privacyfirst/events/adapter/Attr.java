package dev.privacyfirst.events.adapter;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short AttributeValue constructors. */
final class Attr {
  private Attr() {}

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue bool(boolean value) {
    return AttributeValue.fromBool(value);
  }
}
