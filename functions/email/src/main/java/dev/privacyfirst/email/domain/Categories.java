package dev.privacyfirst.email.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.JsonStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The category list: configuration ({@code email-categories.json}), not code. */
public final class Categories {
  /** The token scope that means every promotional category at once. */
  public static final String ALL = "all";

  /** The category of the mail that verifies an address: the one that passes an erasure marker. */
  public static final String ADDRESS_VERIFICATION = "address-verification";

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  private final Map<String, Category> byId;
  private final String transactionalReason;

  public Categories(List<Category> categories, String transactionalReason) {
    Map<String, Category> map = new LinkedHashMap<>();
    for (Category category : categories) {
      if (!ID.matcher(category.id()).matches() || category.id().equals(ALL)) {
        throw new IllegalArgumentException("bad category id: " + category.id());
      }
      if (map.put(category.id(), category) != null) {
        throw new IllegalArgumentException("duplicate category id: " + category.id());
      }
    }
    this.byId = java.util.Collections.unmodifiableMap(map);
    this.transactionalReason = transactionalReason;
  }

  /** The list shipped with the function. */
  public static Categories standard() {
    try (InputStream in = Categories.class.getResourceAsStream("/email-categories.json")) {
      if (in == null) {
        throw new IllegalStateException("email-categories.json is missing from the jar");
      }
      return parse(JsonStreams.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("email-categories.json is unreadable", e);
    }
  }

  static Categories parse(JsonNode root) {
    List<Category> list = new ArrayList<>();
    for (JsonNode node : root.path("categories")) {
      list.add(
          new Category(
              node.path("id").asText(),
              Category.Kind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT)),
              node.path("title").asText(),
              node.path("description").asText()));
    }
    return new Categories(list, root.path("transactionalReason").asText());
  }

  public Optional<Category> find(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  public Category require(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown category"));
  }

  public List<Category> all() {
    return List.copyOf(byId.values());
  }

  public List<Category> promotional() {
    return byId.values().stream().filter(Category::promotional).toList();
  }

  public List<Category> transactional() {
    return byId.values().stream().filter(c -> !c.promotional()).toList();
  }

  public String transactionalReason() {
    return transactionalReason;
  }
}
