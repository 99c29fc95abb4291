package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.personal.PersonalDataVault;
import java.util.List;
import java.util.Optional;

/**
 * Keyed lookup hashes of normalised addresses under the versions of the {@code email-lookup} key. A
 * lookup made under version n &gt; 1 carries {@code k<n>.} before the hex (version 1, everything
 * made before versions existed, is untagged), so the re-key pass can tell what is stored under an
 * older version. New lookups are made under the current version; reads try the current version and
 * then each older readable one (the dual lookup), so an account filed under an older version keeps
 * signing in until the pass re-files it.
 */
public final class EmailLookups {
  private final VersionedHash hash;

  public EmailLookups(VersionedHash hash) {
    this.hash = hash;
  }

  /** The address's lookup under the current version (what new writes file it under). */
  public String hex(String normalisedEmail) {
    return VersionedHash.tag(hash.currentVersion(), hash.current().hex(normalisedEmail));
  }

  /** The address's lookups under every readable version, the current one first. */
  public List<String> all(String normalisedEmail) {
    return hash.candidates(normalisedEmail).stream()
        .map(c -> VersionedHash.tag(c.version(), c.hex()))
        .toList();
  }

  /**
   * The address's lookups under the readable versions older than the current one: a write under the
   * current version also guards these, so that a container which has not seen the rotation yet
   * cannot file the same address a second time under its older version.
   */
  public List<String> older(String normalisedEmail) {
    List<String> all = all(normalisedEmail);
    return all.subList(1, all.size());
  }

  public int currentVersion() {
    return hash.currentVersion();
  }

  /** The key version a stored lookup was made under. */
  public static int versionOf(String lookup) {
    return VersionedHash.versionOf(lookup);
  }

  /** The account filed under the address under any readable version (current first). */
  public Optional<String> findAccountId(AccountRepository accounts, String normalisedEmail) {
    for (String lookup : all(normalisedEmail)) {
      Optional<String> found = accounts.findIdByEmailLookup(lookup);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The address's latest unverified account under any readable version (current first). */
  public Optional<String> findPendingId(AccountRepository accounts, String normalisedEmail) {
    for (String lookup : all(normalisedEmail)) {
      Optional<String> found = accounts.findPendingIdByEmailLookup(lookup);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** A stashed address filed under the current key version, with its older lookups to guard. */
  public record Refiled(EmailSwap swap, List<String> guards) {}

  /**
   * The stashed address's lookup made again under the current version (the stash may predate a
   * rotation); as stashed when the address no longer opens.
   */
  public Refiled refile(PersonalDataVault vault, String accountId, EmailSwap stashed) {
    Optional<String> address =
        vault.open(accountId, AccountService.EMAIL_FIELD, stashed.sealedEmail());
    if (address.isEmpty()) {
      return new Refiled(stashed, List.of());
    }
    return new Refiled(
        new EmailSwap(stashed.sealedEmail(), hex(address.get()), stashed.tokenHash()),
        older(address.get()));
  }
}
