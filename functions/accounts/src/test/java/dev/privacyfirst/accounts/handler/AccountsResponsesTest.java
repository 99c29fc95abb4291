package dev.privacyfirst.accounts.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.domain.AccountView;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.accounts.domain.Consents;
import dev.privacyfirst.accounts.domain.ConsentsView;
import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.accounts.domain.ProfileField;
import dev.privacyfirst.accounts.domain.ProfileView;
import dev.privacyfirst.accounts.domain.Visibility;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.rights.domain.ExportJob;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records' JSON through the one mapper: the wire shapes the OpenAPI document describes. */
class AccountsResponsesTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final AccountView ACCOUNT = new AccountView("acc-1", "ann@example.com", T);

  @Test
  void meListsSetFieldsThenTheHandleAndEveryFieldsVisibilityInFieldOrder() {
    var profile =
        new ProfileView(
            Map.of(ProfileField.PHONE, "+44 20", ProfileField.NAME, "Ann"),
            Map.of(ProfileField.PHONE, Visibility.PUBLIC),
            "ann-lee");

    String json = Json.write(AccountsResponses.Me.of(ACCOUNT, profile, "a-1"));

    assertThat(json)
        .isEqualTo(
            "{\"id\":\"acc-1\",\"email\":\"ann@example.com\",\"createdAt\":\"2026-03-01T10:00:00Z\","
                + "\"profile\":{\"name\":\"Ann\",\"phone\":\"+44 20\",\"handle\":\"ann-lee\"},"
                + "\"visibility\":{\"name\":\"private\",\"postalAddress\":\"private\","
                + "\"company\":\"private\",\"phone\":\"public\",\"billingReference\":\"private\"},"
                + "\"analyticsId\":\"a-1\"}");
  }

  @Test
  void meWithoutAProfileOrAnalyticsIdHasAnEmptyProfileAndEveryFieldPrivate() {
    String json = Json.write(AccountsResponses.Me.of(ACCOUNT, null, null));

    assertThat(json).contains("\"profile\":{}").doesNotContain("analyticsId");
    assertThat(json).doesNotContain("public");
  }

  @Test
  void aDeletionPastItsGraceWindowHasNoCancellableUntil() {
    var open = new DeletionTicket("r-1", "received", T, T.plusSeconds(60), true, true);
    var closed = new DeletionTicket("r-1", "received", T, T.plusSeconds(60), false, false);

    assertThat(Json.write(AccountsResponses.DeletionRequested.of(open, true)))
        .isEqualTo(
            "{\"requestId\":\"r-1\",\"status\":\"received\","
                + "\"cancellableUntil\":\"2026-03-01T10:00:00Z\",\"dueAt\":\"2026-03-01T10:00:00Z\","
                + "\"deadline\":\"2026-03-01T10:01:00Z\",\"confirmationEmailSent\":true}");
    assertThat(Json.write(AccountsResponses.DeletionRequested.of(closed, false)))
        .doesNotContain("cancellableUntil")
        .contains("\"confirmationEmailSent\":false");
  }

  @Test
  void anExportHasAnArchiveOnlyOnceReady() {
    ExportJob pending = ExportJob.pending("acc-1", "job-1", T);
    ExportJob ready =
        pending.ready(URI.create("https://example.com/a.zip"), T.plusSeconds(900), 1234, T);

    assertThat(Json.write(AccountsResponses.Export.of(pending)))
        .isEqualTo(
            "{\"jobId\":\"job-1\",\"status\":\"pending\",\"requestedAt\":\"2026-03-01T10:00:00Z\"}");
    assertThat(Json.write(AccountsResponses.Export.of(ready)))
        .endsWith(
            "\"finishedAt\":\"2026-03-01T10:00:00Z\",\"archive\":{\"url\":\"https://example.com/a.zip\","
                + "\"expiresAt\":\"2026-03-01T10:15:00Z\",\"bytes\":1234}}");
  }

  @Test
  void consentsAreKeyedByTheNamesThePatchTakes() {
    var view = new ConsentsView(Consents.DEFAULT, List.of(), List.of());

    assertThat(Json.tree(AccountsResponses.Consents.of(view)).fieldNames())
        .toIterable()
        .containsExactly(ConsentService.SHARE, ConsentService.TRACKING, "grants", "history");
  }
}
