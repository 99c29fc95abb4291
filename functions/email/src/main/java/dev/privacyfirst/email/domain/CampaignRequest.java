package dev.privacyfirst.email.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An operator's campaign: one message of one category to a list of accounts. Promotional categories
 * skip everyone who refused them; transactional ones (a policy-change notice to every account) skip
 * only hard-bounced addresses.
 */
public record CampaignRequest(
    String campaignId, String categoryId, MessageContent content, List<String> accountIds) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public CampaignRequest {
    if (campaignId == null || !ID.matcher(campaignId).matches()) {
      throw new IllegalArgumentException("campaignId: 1-64 letters, digits, '-' or '_'");
    }
    accountIds = List.copyOf(accountIds);
    if (accountIds.isEmpty() || accountIds.size() > 100_000) {
      throw new IllegalArgumentException("accountIds: 1 to 100000 ids");
    }
    for (String id : accountIds) {
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("accountIds: malformed id");
      }
    }
  }
}
