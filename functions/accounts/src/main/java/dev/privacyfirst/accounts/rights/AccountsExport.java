package dev.privacyfirst.accounts.rights;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AccountView;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.accounts.domain.CredentialService;
import dev.privacyfirst.accounts.domain.ProfileService;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts capability's part of an account's export: the account (its address opened), the
 * profile with each field's visibility, the consents with their history, and the live sessions as
 * the owner sees them (when each began and ends, and the coarse device: data about the person that
 * {@code GET /v1/me/sessions} shows, so the right of access covers it too).
 */
public final class AccountsExport implements ExportSource {
  private final AccountService accounts;
  private final ProfileService profiles;
  private final ConsentService consents;
  private final CredentialService credentials;

  public AccountsExport(
      AccountService accounts,
      ProfileService profiles,
      ConsentService consents,
      CredentialService credentials) {
    this.accounts = accounts;
    this.profiles = profiles;
    this.consents = consents;
    this.credentials = credentials;
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
    List<Map<String, Object>> sessions = new ArrayList<>();
    for (CredentialService.SessionView session : credentials.sessions(subject.id(), null)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", session.id());
      item.put("createdAt", session.createdAt());
      item.put("expiresAt", session.expiresAt());
      item.put("device", session.device());
      sessions.add(item);
    }
    data.put("sessions", sessions);
    return ExportSection.of(data);
  }
}
