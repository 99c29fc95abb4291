package dev.privacyfirst.email.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.DynamoRateLimiter;
import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.AllowedOrigins;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.limits.RateLimits;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.domain.Categories;
import dev.privacyfirst.email.domain.Category;
import dev.privacyfirst.email.domain.EmailPreferences;
import dev.privacyfirst.email.domain.InvalidLink;
import dev.privacyfirst.email.domain.LinkGrant;
import dev.privacyfirst.email.domain.PreferenceChange;
import dev.privacyfirst.email.domain.Preferences;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The email links entry point: public pages reached from mail (authorised by the signed token in
 * the link, no login) and the signed-in preferences API. A GET never changes anything (mail
 * scanners prefetch links); the one-click POST unsubscribes at once.
 */
public final class EmailLinksHandler extends HttpApiHandler {
  private static final int MAX_FORM_FIELDS = 50;

  private final EmailPreferences preferences;
  private final Authenticator authenticator;

  /** Lambda's constructor: reads the environment once. */
  public EmailLinksHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public EmailLinksHandler(Config config) {
    this(wire(new EmailWiring(config, Clock.systemUTC(), false)));
  }

  private EmailLinksHandler(Wired wired) {
    this(wired.preferences(), wired.authenticator());
  }

  private record Wired(EmailPreferences preferences, Authenticator authenticator) {}

  private static Wired wire(EmailWiring wiring) {
    Config config = wiring.config();
    Authenticator authenticator =
        new Authenticator(
                DynamoSessionStore.fromConfig(config, wiring.dynamo()),
                wiring.clock(),
                AllowedOrigins.fromConfig(config))
            .limitedBy(
                DynamoRateLimiter.fromConfig(config, wiring.dynamo(), wiring.clock()),
                RateLimits.fromConfig(config).accountApi());
    return new Wired(wiring.preferences(), authenticator);
  }

  public EmailLinksHandler(EmailPreferences preferences, Authenticator authenticator) {
    super(Functions.EMAIL_LINKS);
    this.preferences = preferences;
    this.authenticator = authenticator;
    on("GET", "/email/unsubscribe", r -> linked(r, this::unsubscribePage));
    on("POST", "/email/unsubscribe", r -> linked(r, this::unsubscribe));
    on("GET", "/email/preferences", r -> linked(r, this::preferencePage));
    on("POST", "/email/preferences", r -> linked(r, this::savePreferences));
    on("GET", "/v1/me/email-preferences", this::getMine);
    on("PUT", "/v1/me/email-preferences", this::putMine);
  }

  @Override
  protected int maxBodyBytes(String routeKey) {
    return 8 * 1024;
  }

  /**
   * A public link route: token problems and bad forms become a 4xx and never a change. A browser
   * (which asks for HTML) gets a page that explains; any other client (a mail provider's one-click
   * POST, a script asking for JSON) gets the JSON error body.
   */
  private HttpResponse linked(HttpRequest request, Function<HttpRequest, HttpResponse> route) {
    boolean page = wantsPage(request);
    try {
      return route.apply(request);
    } catch (InvalidLink e) {
      return page
          ? Pages.invalidLink(e.kind().status(), e.getMessage())
          : HttpResponse.error(e.kind().status(), e.kind().code(), e.getMessage());
    } catch (EmailPreferences.InvalidPreference e) {
      return page
          ? Pages.badRequest(400, e.getMessage())
          : HttpResponse.error(400, "invalid_field", e.getMessage());
    } catch (ApiException e) {
      return page
          ? Pages.badRequest(e.status(), e.getMessage())
          : HttpResponse.error(e.status(), e.code(), e.getMessage());
    }
  }

  /** HTML unless the client asks for JSON and not for HTML. */
  static boolean wantsPage(HttpRequest request) {
    String accept = request.header("accept").orElse("").toLowerCase(java.util.Locale.ROOT);
    return !(accept.contains("application/json") && !accept.contains("text/html"));
  }

  private static String token(HttpRequest request) {
    return request
        .query("t")
        .filter(t -> !t.isBlank())
        .orElseThrow(() -> new InvalidLink("The link has no token: it was cut short."));
  }

  private HttpResponse unsubscribePage(HttpRequest request) {
    String token = token(request);
    LinkGrant link = preferences.openUnsubscribe(token);
    return Pages.unsubscribeQuestion(token, preferences.scopeCategory(link));
  }

  private HttpResponse unsubscribe(HttpRequest request) {
    String token = token(request);
    LinkGrant link = preferences.openUnsubscribe(token);
    preferences.unsubscribe(token);
    Category category = preferences.scopeCategory(link);
    if (!wantsPage(request)) {
      return HttpResponse.json(
          200, Map.of("unsubscribed", category == null ? Categories.ALL : category.id()));
    }
    // No preference-center link here: an unsubscribe link must not lead to more than it does.
    return Pages.unsubscribed(category);
  }

  private HttpResponse preferencePage(HttpRequest request) {
    String token = token(request);
    LinkGrant link = preferences.openPreferences(token);
    return Pages.preferenceCenter(
        preferences.categories(), preferences.get(link.recipient()), token, null);
  }

  private HttpResponse savePreferences(HttpRequest request) {
    String token = token(request);
    LinkGrant link = preferences.openPreferences(token);
    String mediaType = request.mediaType();
    if (!mediaType.isEmpty() && !mediaType.equals("application/x-www-form-urlencoded")) {
      throw ApiException.unsupportedMediaType("Send the form as a web form.");
    }
    Map<String, List<String>> form = parseForm(request.bodyText());
    String action = single(form, "action", "save");
    PreferenceChange change;
    String confirmation;
    switch (action) {
      case "save" -> {
        List<String> chosen = form.getOrDefault("c", List.of());
        for (String id : chosen) {
          if (preferences.categories().find(id).filter(Category::promotional).isEmpty()) {
            throw ApiException.badRequest("invalid_field", "The form names an unknown category.");
          }
        }
        Map<String, Boolean> categories = new LinkedHashMap<>();
        for (Category c : preferences.categories().promotional()) {
          categories.put(c.id(), chosen.contains(c.id()));
        }
        boolean tracking = "allow".equals(single(form, "tracking", ""));
        change = new PreferenceChange(categories, false, !tracking);
        confirmation = "Your preferences were saved. They apply from the next message.";
      }
      case "unsubscribe-all" -> {
        change = new PreferenceChange(Map.of(), true, null);
        confirmation =
            "You are unsubscribed from all promotional email. Messages about your account are"
                + " still sent.";
      }
      default -> throw ApiException.badRequest("invalid_field", "Unknown form action.");
    }
    Preferences saved = preferences.change(link.recipient(), change);
    return Pages.preferenceCenter(preferences.categories(), saved, token, confirmation);
  }

  private static String single(Map<String, List<String>> form, String name, String fallback) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty()) {
      return fallback;
    }
    if (values.size() > 1) {
      throw ApiException.badRequest("invalid_field", "The form repeats a field.");
    }
    return values.getFirst();
  }

  static Map<String, List<String>> parseForm(String body) {
    Map<String, List<String>> form = new HashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    String[] pairs = body.split("&");
    if (pairs.length > MAX_FORM_FIELDS) {
      throw ApiException.badRequest("invalid_body", "The form has too many fields.");
    }
    for (String pair : pairs) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid_body", "The form is not correctly encoded.");
      }
    }
    return form;
  }

  private HttpResponse getMine(HttpRequest request) {
    String accountId = authenticator.authenticate(request).accountId();
    return HttpResponse.json(200, view(preferences.get("a:" + accountId)));
  }

  private HttpResponse putMine(HttpRequest request) {
    String accountId = authenticator.authenticate(request).accountId();
    JsonBody body = JsonBody.of(request);
    Map<String, Boolean> categories = new LinkedHashMap<>();
    var object = body.optionalObject("categories");
    if (object.isPresent()) {
      if (object.get().size() > 50) {
        throw ApiException.badRequest("invalid_field", "Field 'categories' has too many entries.");
      }
      for (var entry : object.get().properties()) {
        JsonNode value = entry.getValue();
        if (!value.isBoolean()) {
          throw ApiException.badRequest(
              "invalid_field", "Each entry of 'categories' must be true or false.");
        }
        if (preferences.categories().find(entry.getKey()).isEmpty()) {
          throw ApiException.badRequest("invalid_field", "Unknown email category in 'categories'.");
        }
        categories.put(entry.getKey(), value.booleanValue());
      }
    }
    Boolean all = body.optionalBoolean("allPromotionalRefused").orElse(null);
    Boolean tracking = body.optionalBoolean("trackingRefused").orElse(null);
    if (categories.isEmpty() && all == null && tracking == null) {
      throw ApiException.badRequest(
          "missing_field",
          "Give 'categories', 'allPromotionalRefused' or 'trackingRefused' to change.");
    }
    try {
      Preferences saved =
          preferences.change("a:" + accountId, new PreferenceChange(categories, all, tracking));
      return HttpResponse.json(200, view(saved));
    } catch (EmailPreferences.InvalidPreference e) {
      throw ApiException.badRequest("invalid_field", e.getMessage());
    }
  }

  private Map<String, Object> view(Preferences prefs) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Category c : preferences.categories().all()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", c.id());
      item.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
      item.put("title", c.title());
      item.put("description", c.description());
      item.put("subscribed", prefs.allows(c));
      item.put("alwaysOn", !c.promotional());
      list.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("categories", list);
    out.put("allPromotionalRefused", prefs.allPromotionalRefused());
    out.put("trackingRefused", prefs.trackingRefused());
    out.put("transactionalReason", preferences.categories().transactionalReason());
    if (prefs.updatedAt() != null) {
      out.put("updatedAt", prefs.updatedAt().toString());
    }
    return out;
  }
}
