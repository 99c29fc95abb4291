package dev.privacyfirst.email.rights;

import dev.privacyfirst.email.domain.CampaignLedger;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The campaigns mailed (or skipped) to the account, for its export: the send records are data about
 * the person (what they were sent, and when), erased with the account, so the right of access
 * covers them too.
 */
public final class EmailCampaignsExport implements ExportSource {
  private final CampaignLedger ledger;

  public EmailCampaignsExport(CampaignLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return "emailCampaigns";
  }

  @Override
  public ExportSection read(Subject subject) {
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return ExportSection.of(List.of());
    }
    List<Map<String, Object>> records = new ArrayList<>();
    for (CampaignLedger.Sent sent : ledger.sentTo(subject.id())) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("campaignId", sent.campaignId());
      item.put("state", sent.state().name().toLowerCase(Locale.ROOT));
      item.put("at", sent.at());
      records.add(item);
    }
    return ExportSection.of(records);
  }
}
