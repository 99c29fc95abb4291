package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.RequestInput.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.accounts.domain.ProfileField;
import dev.privacyfirst.accounts.domain.ProfilePatch;
import dev.privacyfirst.accounts.domain.Visibility;
import dev.privacyfirst.common.http.ApiException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the body of {@code PATCH /v1/me}, a JSON merge-patch (RFC 7396) of the owner's view:
 *
 * <pre>{@code
 * {"profile":    {"name": "Ann Lee", "phone": null, "handle": "ann-lee"},
 *  "visibility": {"name": "public", "company": null}}
 * }</pre>
 *
 * Under {@code profile}, the fields {@code name, postalAddress, company, phone, billingReference}
 * and {@code handle} take a string to set or {@code null} to delete; under {@code visibility} the
 * same fields except the handle take {@code "public"}, {@code "private"} or {@code null} (back to
 * the default, private). Absent members are left unchanged. Reading is strict: every member known
 * and well-typed, or a 400 {@code invalid_field} naming it (clipped to safe characters); a patch
 * with neither member is a 400 {@code missing_field}. The domain checks the values themselves
 * (lengths per field, the handle's form and uniqueness).
 */
final class ProfileMergePatch {
  private static final String PROFILE = "profile";
  private static final String VISIBILITY = "visibility";
  private static final String HANDLE = "handle";

  private ProfileMergePatch() {}

  static ProfilePatch read(ObjectNode root) {
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals(PROFILE) && !name.equals(VISIBILITY)) {
        throw invalid("Unknown member '" + clip(name) + "'; use 'profile' or 'visibility'.");
      }
    }
    if (!root.has(PROFILE) && !root.has(VISIBILITY)) {
      throw ApiException.badRequest(
          "missing_field", "Send 'profile' and/or 'visibility' with the fields to change.");
    }
    Map<ProfileField, String> set = new EnumMap<>(ProfileField.class);
    Set<ProfileField> cleared = EnumSet.noneOf(ProfileField.class);
    String handle = null;
    boolean clearHandle = false;
    for (var entry : object(root, PROFILE).properties()) {
      String name = entry.getKey();
      JsonNode value = entry.getValue();
      if (!value.isNull() && !value.isTextual()) {
        throw invalid("Field '" + clip(name) + "' must be a string or null.");
      }
      if (value.isTextual() && value.textValue().length() > RequestInput.MAX_FIELD_CHARS) {
        throw invalid("Field '" + clip(name) + "' is too long.");
      }
      if (name.equals(HANDLE)) {
        handle = value.isNull() ? null : value.textValue();
        clearHandle = value.isNull();
      } else if (value.isNull()) {
        cleared.add(field(name));
      } else {
        set.put(field(name), value.textValue());
      }
    }
    Map<ProfileField, Visibility> visibility = new EnumMap<>(ProfileField.class);
    Set<ProfileField> reset = EnumSet.noneOf(ProfileField.class);
    for (var entry : object(root, VISIBILITY).properties()) {
      ProfileField field = field(entry.getKey());
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        reset.add(field);
        continue;
      }
      Visibility chosen =
          (value.isTextual()
                  ? Visibility.fromWire(value.textValue())
                  : Optional.<Visibility>empty())
              .orElseThrow(
                  () ->
                      invalid(
                          "Visibility of '"
                              + field.wire()
                              + "' must be \"public\", \"private\" or null."));
      visibility.put(field, chosen);
    }
    return new ProfilePatch(set, cleared, visibility, reset, handle, clearHandle);
  }

  /** The member as an object; an absent member reads as an empty one. */
  private static JsonNode object(ObjectNode root, String member) {
    JsonNode node = root.get(member);
    if (node == null) {
      return root.objectNode();
    }
    if (!node.isObject()) {
      throw invalid("Member '" + member + "' must be an object.");
    }
    return node;
  }

  private static ProfileField field(String name) {
    return ProfileField.fromWire(name)
        .orElseThrow(
            () ->
                invalid(
                    "Unknown profile field '"
                        + clip(name)
                        + "'; known: name, postalAddress, company, phone, billingReference"
                        + " (and handle under 'profile')."));
  }

  private static ApiException invalid(String message) {
    return ApiException.badRequest("invalid_field", message);
  }
}
