package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.email.domain.RecipientDirectory;
import dev.privacyfirst.rights.domain.AccountAddresses;
import dev.privacyfirst.rights.domain.Notice;
import java.util.Optional;

/**
 * An account's address through the subject-rights contract's directory (the email capability never
 * reads the accounts table): the address is sealed under the account's own key, so an erased
 * (crypto-shredded) account has no address and gets no mail.
 */
public final class ContractRecipientDirectory implements RecipientDirectory {
  private final AccountAddresses addresses;
  private final PersonalDataVault vault;

  public ContractRecipientDirectory(AccountAddresses addresses, PersonalDataVault vault) {
    this.addresses = addresses;
    this.vault = vault;
  }

  @Override
  public Optional<String> emailOf(String accountId) {
    return addresses
        .find(accountId)
        .flatMap(entry -> vault.open(accountId, "email", entry.sealedAddress()));
  }

  @Override
  public Optional<String> openRecipient(String accountId, String sealedAddress) {
    try {
      return vault.open(accountId, Notice.RECIPIENT_FIELD, sealedAddress);
    } catch (IllegalArgumentException | IllegalStateException notARecipient) {
      // Sealed for another account or field: never a recipient (and a retry cannot fix it).
      return Optional.empty();
    }
  }
}
