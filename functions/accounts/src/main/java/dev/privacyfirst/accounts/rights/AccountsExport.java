package dev.privacyfirst.accounts.rights;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AccountView;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.accounts.domain.ProfileService;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts capability's part of an account's export: the account (its address opened), the
 * profile with each field's visibility, and the consents with their history.
 */
public final class AccountsExport implements ExportSource {
  private final AccountService accounts;
  private final ProfileService profiles;
  private final ConsentService consents;

  public AccountsExport(AccountService accounts, ProfileService profiles, ConsentService consents) {
    this.accounts = accounts;
    this.profiles = profiles;
    this.consents = consents;
  }

  @Override
  public String name() {
    return "account";
  }

  @Override
  public ExportSection read(Subject subject) {
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return ExportSection.of(Map.of());
    }
    Optional<AccountView> account = accounts.view(subject.id());
    if (account.isEmpty()) {
      return ExportSection.unavailable("The account no longer exists or its key was destroyed.");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("account", account.get());
    data.put("profile", profiles.view(subject.id()).orElse(null));
    data.put("consents", consents.view(subject.id()));
    return ExportSection.of(data);
  }
}
