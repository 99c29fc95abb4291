package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.personal.PersonalDataVault;
import java.text.Normalizer;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile: optional personal fields, each private unless its owner makes it public, and a
 * public handle under which the public fields can be looked up. The storage policy lets a user
 * "review, update or delete" personal information: {@link #view}, {@link #patch} (a field set to
 * null is deleted). Every value is sealed under the account's data key, so destroying that key
 * erases every copy of them, backups included; only the handle's lookup item holds the handle in
 * clear, because finding a profile by its handle is what a handle is for.
 */
public final class ProfileService {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);
  public static final String HANDLE_FIELD = "profile.handle";
  public static final Pattern HANDLE = Pattern.compile("[a-z0-9_-]{3,30}");
  private static final Pattern PHONE = Pattern.compile("[0-9+()./ -]{3,40}");

  private final AccountRepository accounts;
  private final ProfileStore profiles;
  private final PersonalDataVault vault;
  private final Clock clock;

  public ProfileService(
      AccountRepository accounts, ProfileStore profiles, PersonalDataVault vault, Clock clock) {
    this.accounts = accounts;
    this.profiles = profiles;
    this.vault = vault;
    this.clock = clock;
  }

  /** The owner's view: every value opened; empty when the account or its key is gone. */
  public Optional<ProfileView> view(String accountId) {
    if (!vault.hasKey(accountId)) {
      return Optional.empty();
    }
    return Optional.of(open(accountId, profiles.find(accountId).orElse(StoredProfile.EMPTY)));
  }

  private ProfileView open(String accountId, StoredProfile stored) {
    Map<ProfileField, String> values = new EnumMap<>(ProfileField.class);
    stored
        .sealedValues()
        .forEach(
            (field, ciphertext) ->
                vault
                    .open(accountId, field.vaultField(), ciphertext)
                    .ifPresent(v -> values.put(field, v)));
    Map<ProfileField, Visibility> visibility = new EnumMap<>(ProfileField.class);
    for (ProfileField field : ProfileField.values()) {
      visibility.put(field, stored.visibility().getOrDefault(field, Visibility.PRIVATE));
    }
    String handle =
        stored.sealedHandle() == null
            ? null
            : vault.open(accountId, HANDLE_FIELD, stored.sealedHandle()).orElse(null);
    return new ProfileView(values, visibility, handle);
  }

  /** Applies a merge-patch: all of it or, on any invalid value or a taken handle, none of it. */
  public ProfileResult patch(String accountId, ProfilePatch patch) {
    for (var entry : patch.set().entrySet()) {
      Optional<String> problem = problem(entry.getKey(), entry.getValue());
      if (problem.isPresent()) {
        return new ProfileResult.Invalid(entry.getKey().wire(), problem.get());
      }
    }
    if (patch.handle() != null && !HANDLE.matcher(patch.handle()).matches()) {
      return new ProfileResult.Invalid(
          "handle", "A handle is 3 to 30 characters among a-z, 0-9, '_' and '-'.");
    }
    Optional<Account> account = accounts.find(accountId);
    if (account.isEmpty() || !account.get().status().allowsSignIn() || !vault.hasKey(accountId)) {
      return new ProfileResult.NoAccount();
    }
    StoredProfile before = profiles.find(accountId).orElse(StoredProfile.EMPTY);
    String oldHandle =
        before.sealedHandle() == null
            ? null
            : vault.open(accountId, HANDLE_FIELD, before.sealedHandle()).orElse(null);
    Map<ProfileField, String> ciphertexts = new EnumMap<>(ProfileField.class);
    ciphertexts.putAll(before.sealedValues());
    patch.cleared().forEach(ciphertexts::remove);
    patch
        .set()
        .forEach(
            (field, value) ->
                ciphertexts.put(
                    field,
                    vault.seal(
                        accountId,
                        field.vaultField(),
                        Normalizer.normalize(value.strip(), Normalizer.Form.NFC))));
    Map<ProfileField, Visibility> visibility = new EnumMap<>(ProfileField.class);
    visibility.putAll(before.visibility());
    patch.visibilityReset().forEach(visibility::remove);
    visibility.putAll(patch.visibility());
    visibility.values().removeIf(v -> v == Visibility.PRIVATE);
    String newHandle =
        patch.clearHandle() ? null : patch.handle() != null ? patch.handle() : oldHandle;
    String sealedHandle =
        newHandle == null
            ? null
            : newHandle.equals(oldHandle)
                ? before.sealedHandle()
                : vault.seal(accountId, HANDLE_FIELD, newHandle);
    StoredProfile after =
        new StoredProfile(
            ciphertexts, visibility, sealedHandle, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (!profiles.save(accountId, after, oldHandle, newHandle)) {
      return new ProfileResult.HandleTaken();
    }
    LOG.info("profile updated");
    return new ProfileResult.Updated(open(accountId, after));
  }

  private static Optional<String> problem(ProfileField field, String value) {
    String stripped = value.strip();
    if (stripped.isEmpty()) {
      return Optional.of("Field '" + field.wire() + "' is empty; send null to delete it.");
    }
    if (stripped.codePointCount(0, stripped.length()) > field.maxLength()) {
      return Optional.of(
          "Field '" + field.wire() + "' is longer than " + field.maxLength() + " characters.");
    }
    if (CanonicalText.hasForbidden(stripped, field == ProfileField.POSTAL_ADDRESS)) {
      return Optional.of(
          "Field '"
              + field.wire()
              + "' contains control, bidirectional-control or replacement (U+FFFD) characters.");
    }
    if (field == ProfileField.PHONE && !PHONE.matcher(stripped).matches()) {
      return Optional.of("Field 'phone' may hold digits, spaces and + ( ) - . / only.");
    }
    return Optional.empty();
  }

  /**
   * The public fields of the profile with this handle; empty when the handle is unknown, the
   * account is not active, or no field is public (a fully private profile is not found).
   */
  public Optional<Map<String, String>> publicProfile(String handle) {
    if (handle == null || !HANDLE.matcher(handle).matches()) {
      return Optional.empty();
    }
    Optional<String> accountId = profiles.accountIdByHandle(handle);
    if (accountId.isEmpty()) {
      return Optional.empty();
    }
    Optional<Account> account = accounts.find(accountId.get());
    if (account.isEmpty() || !account.get().status().allowsSignIn()) {
      return Optional.empty();
    }
    Optional<StoredProfile> stored = profiles.find(accountId.get());
    if (stored.isEmpty() || !vault.hasKey(accountId.get())) {
      return Optional.empty();
    }
    ProfileView view = open(accountId.get(), stored.get());
    if (!handle.equals(view.handle())) {
      return Optional.empty();
    }
    Map<String, String> shown = new LinkedHashMap<>();
    for (ProfileField field : ProfileField.values()) {
      if (view.visibility().get(field) == Visibility.PUBLIC && view.values().containsKey(field)) {
        shown.put(field.wire(), view.values().get(field));
      }
    }
    if (shown.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("handle", handle);
    answer.putAll(shown);
    return Optional.of(answer);
  }
}
