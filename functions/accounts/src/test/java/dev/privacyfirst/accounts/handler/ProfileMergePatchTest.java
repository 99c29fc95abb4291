package dev.privacyfirst.accounts.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.accounts.domain.ProfileField;
import dev.privacyfirst.accounts.domain.ProfilePatch;
import dev.privacyfirst.accounts.domain.Visibility;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.json.Json;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The strict reading of {@code PATCH /v1/me}'s merge-patch, without a request or a store. */
class ProfileMergePatchTest {

  private static ProfilePatch read(String json) {
    try {
      return ProfileMergePatch.read((ObjectNode) Json.MAPPER.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void assertRefused(String json, String code, String messagePart) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  @Test
  void aStringSetsAFieldAndNullDeletesIt() {
    ProfilePatch patch =
        read("{\"profile\": {\"name\": \"Ann Lee\", \"phone\": null, \"company\": \"\"}}");

    assertThat(patch.set())
        .isEqualTo(Map.of(ProfileField.NAME, "Ann Lee", ProfileField.COMPANY, ""));
    assertThat(patch.cleared()).isEqualTo(Set.of(ProfileField.PHONE));
    assertThat(patch.visibility()).isEmpty();
    assertThat(patch.visibilityReset()).isEmpty();
    assertThat(patch.handle()).isNull();
    assertThat(patch.clearHandle()).isFalse();
  }

  @Test
  void theHandleIsSetOrGivenUpUnderProfile() {
    ProfilePatch set = read("{\"profile\": {\"handle\": \"ann-lee\"}}");
    assertThat(set.handle()).isEqualTo("ann-lee");
    assertThat(set.clearHandle()).isFalse();
    assertThat(set.set()).isEmpty();

    ProfilePatch cleared = read("{\"profile\": {\"handle\": null}}");
    assertThat(cleared.handle()).isNull();
    assertThat(cleared.clearHandle()).isTrue();
  }

  @Test
  void visibilityTakesPublicPrivateOrNullForTheDefault() {
    ProfilePatch patch =
        read(
            "{\"visibility\": {\"name\": \"public\", \"phone\": \"private\", \"company\":"
                + " null}}");

    assertThat(patch.visibility())
        .isEqualTo(
            Map.of(ProfileField.NAME, Visibility.PUBLIC, ProfileField.PHONE, Visibility.PRIVATE));
    assertThat(patch.visibilityReset()).isEqualTo(Set.of(ProfileField.COMPANY));
    assertThat(patch.set()).isEmpty();
  }

  @Test
  void anEmptyPatchOrOneWithNeitherMemberIsAMissingField() {
    assertRefused("{}", "missing_field", "'profile' and/or 'visibility'");
  }

  @Test
  void anUnknownTopLevelMemberIsRefusedEvenBesideAKnownOne() {
    assertRefused(
        "{\"profile\": {\"name\": \"A\"}, \"email\": \"x@example.com\"}",
        "invalid_field",
        "Unknown member 'email'");
  }

  @Test
  void membersThatAreNotObjectsAreRefused() {
    assertRefused("{\"profile\": \"Ann\"}", "invalid_field", "'profile' must be an object");
    assertRefused("{\"profile\": null}", "invalid_field", "'profile' must be an object");
    assertRefused(
        "{\"visibility\": [\"name\"]}", "invalid_field", "'visibility' must be an object");
  }

  @Test
  void aProfileValueMustBeAStringOrNull() {
    assertRefused("{\"profile\": {\"name\": 42}}", "invalid_field", "'name' must be a string");
    assertRefused("{\"profile\": {\"handle\": {}}}", "invalid_field", "'handle' must be a string");
  }

  @Test
  void anOverlongValueIsRefusedBeforeTheDomainSeesIt() {
    String tooLong = "a".repeat(RequestInput.MAX_FIELD_CHARS + 1);
    assertRefused(
        "{\"profile\": {\"postalAddress\": \"" + tooLong + "\"}}",
        "invalid_field",
        "'postalAddress' is too long");
  }

  @Test
  void unknownProfileFieldsAreRefusedAndTheHandleHasNoVisibility() {
    assertRefused(
        "{\"profile\": {\"age\": \"40\"}}", "invalid_field", "Unknown profile field 'age'");
    assertRefused(
        "{\"visibility\": {\"handle\": \"public\"}}",
        "invalid_field",
        "Unknown profile field 'handle'");
  }

  @Test
  void aVisibilityOtherThanPublicOrPrivateIsRefused() {
    assertRefused(
        "{\"visibility\": {\"name\": \"friends\"}}",
        "invalid_field",
        "Visibility of 'name' must be");
    assertRefused("{\"visibility\": {\"name\": true}}", "invalid_field", "Visibility of 'name'");
  }

  @Test
  void aHostileMemberNameIsEchoedClippedToSafeCharacters() {
    String name = "<script>alert(1)</script>" + "x".repeat(100);

    assertThatThrownBy(() -> read("{\"profile\": {\"" + name + "\": \"v\"}}"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getMessage()).doesNotContain("<").doesNotContain(">");
              assertThat(e.getMessage()).contains("?script?alert?1???script?");
              assertThat(e.getMessage()).contains("…");
              assertThat(e.getMessage()).doesNotContain("x".repeat(41));
            });
  }

  @Test
  void aRefusedPatchNamesTheFirstBadMemberWhateverFollows() {
    // Whole or nothing: the reader never returns a partial patch.
    assertRefused(
        "{\"profile\": {\"name\": \"Ann\", \"phone\": 1}, \"visibility\": {\"name\": \"public\"}}",
        "invalid_field",
        "'phone' must be a string");
  }
}
