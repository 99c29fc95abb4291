package dev.privacyfirst.accounts.domain;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right of access: everything held about the user in one JSON document, the account (email
 * opened), the profile, the consents with their history, then each other capability's section.
 */
public final class ExportService {
  private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);

  private final AccountService accounts;
  private final ProfileService profiles;
  private final ConsentService consents;
  private final List<ExportSource> sources;
  private final Clock clock;

  public ExportService(
      AccountService accounts,
      ProfileService profiles,
      ConsentService consents,
      List<ExportSource> sources,
      Clock clock) {
    this.accounts = accounts;
    this.profiles = profiles;
    this.consents = consents;
    this.sources = List.copyOf(sources);
    this.clock = clock;
  }

  /** The whole export as sections in a fixed order; empty when the account is gone or erased. */
  public Optional<Map<String, Object>> export(String accountId) {
    Optional<AccountView> account = accounts.view(accountId);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> export = new LinkedHashMap<>();
    export.put("generatedAt", clock.instant());
    export.put("account", account.get());
    export.put("profile", profiles.view(accountId).orElse(null));
    export.put("consents", consents.view(accountId));
    for (ExportSource source : sources) {
      export.put(source.name(), source.read(accountId));
    }
    LOG.info("export assembled with {} sections", export.size() - 1);
    return Optional.of(export);
  }
}
