package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right of access: everything held about the user in one JSON document, the account (email
 * opened), the profile, the consents with their history, then each other capability's section.
 *
 * <p>Every source is read in full (nothing is cut). An export whose JSON is larger than the inline
 * limit is not answered inline: it is written whole to the {@link ExportArchive} and the answer is
 * a short-lived link to it.
 */
public final class ExportService {
  private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);

  private final AccountService accounts;
  private final ProfileService profiles;
  private final ConsentService consents;
  private final List<ExportSource> sources;
  private final ExportArchive archive;
  private final long inlineMaxBytes;
  private final Clock clock;

  /**
   * @param inlineMaxBytes the largest serialized export answered inline; larger ones are archived
   */
  public ExportService(
      AccountService accounts,
      ProfileService profiles,
      ConsentService consents,
      List<ExportSource> sources,
      ExportArchive archive,
      long inlineMaxBytes,
      Clock clock) {
    if (inlineMaxBytes < 0) {
      throw new IllegalArgumentException("inlineMaxBytes must not be negative");
    }
    this.accounts = accounts;
    this.profiles = profiles;
    this.consents = consents;
    this.sources = List.copyOf(sources);
    this.archive = archive;
    this.inlineMaxBytes = inlineMaxBytes;
    this.clock = clock;
  }

  /**
   * The export serialized as JSON after {@code presentation} shapes its sections: inline when it
   * fits the limit, else archived whole and linked; empty when the account is gone or erased.
   */
  public Optional<ExportResult> deliver(
      String accountId, UnaryOperator<Map<String, Object>> presentation) {
    Optional<Map<String, Object>> export = export(accountId);
    if (export.isEmpty()) {
      return Optional.empty();
    }
    byte[] json = Json.write(presentation.apply(export.get())).getBytes(StandardCharsets.UTF_8);
    if (json.length <= inlineMaxBytes) {
      return Optional.of(new ExportResult.Inline(json));
    }
    ExportArchive.Link link = archive.store(accountId, json);
    LOG.info("export of {} bytes archived instead of answered inline", json.length);
    return Optional.of(new ExportResult.Archived(link.url(), link.expiresAt(), link.bytes()));
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
