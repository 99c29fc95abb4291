package dev.privacyfirst.files.domain;

import java.util.List;

/** One page of a listing; {@code cursor} is null on the last page. */
public record Page<T>(List<T> items, String cursor) {
  public Page {
    items = List.copyOf(items);
  }
}
