package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.personal.PersonalDataVault;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileServiceTest {
  private final Instant now = Instant.parse("2026-01-01T12:00:00Z");
  private final InMemoryPorts.Accounts accounts = new InMemoryPorts.Accounts();
  private final Map<String, StoredProfile> stored = new HashMap<>();
  private final Map<String, String> handles = new HashMap<>();
  private final Map<String, Boolean> keys = new HashMap<>();

  /** Reversible "sealing" that records the field, so a value moved to another field is caught. */
  private final PersonalDataVault vault =
      new PersonalDataVault() {
        @Override
        public String seal(String accountId, String field, String plaintext) {
          keys.put(accountId, true);
          return "v1." + accountId + "|" + field + "|" + plaintext;
        }

        @Override
        public Optional<String> open(String accountId, String field, String sealed) {
          String prefix = "v1." + accountId + "|" + field + "|";
          if (!keys.containsKey(accountId)) {
            return Optional.empty();
          }
          if (!sealed.startsWith(prefix)) {
            throw new IllegalStateException("wrong field");
          }
          return Optional.of(sealed.substring(prefix.length()));
        }

        @Override
        public void destroyKey(String accountId) {
          keys.remove(accountId);
        }

        @Override
        public boolean hasKey(String accountId) {
          return keys.containsKey(accountId);
        }
      };

  private final ProfileStore store =
      new ProfileStore() {
        @Override
        public Optional<StoredProfile> find(String accountId) {
          return Optional.ofNullable(stored.get(accountId));
        }

        @Override
        public boolean save(String id, StoredProfile profile, String oldHandle, String newHandle) {
          if (newHandle != null && !newHandle.equals(oldHandle) && handles.containsKey(newHandle)) {
            return false;
          }
          if (oldHandle != null) {
            handles.remove(oldHandle);
          }
          if (newHandle != null) {
            handles.put(newHandle, id);
          }
          stored.put(id, profile);
          return true;
        }

        @Override
        public Optional<String> accountIdByHandle(String handle) {
          return Optional.ofNullable(handles.get(handle));
        }
      };

  private final ProfileService service =
      new ProfileService(accounts, store, vault, Clock.fixed(now, ZoneOffset.UTC));

  private void account(String id) {
    accounts.create(new Account(id, "v1.x", "l-" + id, "h", now, AccountStatus.ACTIVE));
    keys.put(id, true);
  }

  private static ProfilePatch set(ProfileField field, String value, String handle) {
    return new ProfilePatch(Map.of(field, value), Set.of(), Map.of(), Set.of(), handle, false);
  }

  @Test
  void anErasedKeyLeavesNoProfileToShow() {
    account("a");
    service.patch(
        "a",
        new ProfilePatch(
            Map.of(ProfileField.NAME, "Ann"),
            Set.of(),
            Map.of(ProfileField.NAME, Visibility.PUBLIC),
            Set.of(),
            "ann",
            false));
    assertThat(service.publicProfile("ann")).contains(Map.of("handle", "ann", "name", "Ann"));

    vault.destroyKey("a");

    assertThat(service.publicProfile("ann")).isEmpty();
    assertThat(service.view("a")).isEmpty();
  }

  @Test
  void aDeletionPendingAccountCannotChangeOrShowItsProfile() {
    account("b");
    service.patch(
        "b",
        new ProfilePatch(
            Map.of(ProfileField.COMPANY, "Acme"),
            Set.of(),
            Map.of(ProfileField.COMPANY, Visibility.PUBLIC),
            Set.of(),
            "bee",
            false));
    accounts.updateStatus("b", AccountStatus.ACTIVE, AccountStatus.DELETION_PENDING);

    assertThat(service.patch("b", set(ProfileField.NAME, "Bea", null)))
        .isInstanceOf(ProfileResult.NoAccount.class);
    assertThat(service.publicProfile("bee")).isEmpty();
  }

  @Test
  void valuesAreStrippedAndInvalidOnesNamedWithoutTheirValue() {
    account("c");
    var updated =
        (ProfileResult.Updated) service.patch("c", set(ProfileField.NAME, "  Cy  ", null));
    assertThat(updated.profile().values()).containsEntry(ProfileField.NAME, "Cy");

    var invalid =
        (ProfileResult.Invalid) service.patch("c", set(ProfileField.PHONE, "secret-word", null));
    assertThat(invalid.field()).isEqualTo("phone");
    assertThat(invalid.reason()).doesNotContain("secret-word");
    assertThat(stored.get("c").sealedValues()).doesNotContainKey(ProfileField.PHONE);
  }
}
