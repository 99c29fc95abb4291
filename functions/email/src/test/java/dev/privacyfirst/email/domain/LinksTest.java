package dev.privacyfirst.email.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.crypto.KeyedHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinksTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** An in-memory port (domain test); the DynamoDB store is covered by the handler tests. */
  private static final class MemoryStore implements LinkStore {
    final Map<String, LinkGrant> grants = new HashMap<>();

    @Override
    public void put(String idHash, LinkGrant grant) {
      grants.put(idHash, grant);
    }

    @Override
    public Optional<LinkGrant> find(String idHash) {
      return Optional.ofNullable(grants.get(idHash));
    }
  }

  private static KeyedHash key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return new KeyedHash(key);
  }

  private final MemoryStore store = new MemoryStore();

  private Links links(Clock clock, LinkKeys keys) {
    return new Links(keys, store, clock, null);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  void aTokenIsOpaqueLowerCaseAndNamesOnlyItsKeyVersion() {
    Links links = links(at(T0), new LinkKeys(1, Map.of(1, key(1))));
    String token = links.issue("a:0f9c2d1e-account", new LinkScope.Unsubscribe("newsletter"));

    assertThat(token).matches("k1_[a-z2-7]{26}").doesNotContain("0f9c2d1e");
    assertThat(store.grants).hasSize(1);
    // The store keeps a keyed hash of the id, never the id itself.
    assertThat(store.grants.keySet().iterator().next())
        .doesNotContain(token.substring(3))
        .matches("[0-9a-f]{64}");
    assertThat(links.verify(token))
        .isEqualTo(
            new LinkGrant(
                "a:0f9c2d1e-account",
                new LinkScope.Unsubscribe("newsletter"),
                T0.plus(Links.UNSUBSCRIBE_LIFETIME)));
  }

  @Test
  void twoLinksForTheSameRecipientAndScopeShareNothing() {
    Links links = links(at(T0), new LinkKeys(1, Map.of(1, key(1))));
    String a = links.issue("a:x", new LinkScope.PreferenceCenter());
    String b = links.issue("a:x", new LinkScope.PreferenceCenter());
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void unsubscribeLinksLiveAtLeastSixtyDaysAndPreferenceLinksTwoWeeks() {
    Links issuing = links(at(T0), new LinkKeys(1, Map.of(1, key(1))));
    String unsubscribe = issuing.issue("a:x", new LinkScope.Unsubscribe("offers"));
    String preferences = issuing.issue("a:x", new LinkScope.PreferenceCenter());
    LinkKeys keys = new LinkKeys(1, Map.of(1, key(1)));

    assertThat(links(at(T0.plus(Duration.ofDays(60))), keys).verify(unsubscribe).scope())
        .isEqualTo(new LinkScope.Unsubscribe("offers"));
    assertThat(links(at(T0.plus(Duration.ofDays(13))), keys).verify(preferences).scope())
        .isEqualTo(new LinkScope.PreferenceCenter());
    assertThatThrownBy(() -> links(at(T0.plus(Duration.ofDays(14))), keys).verify(preferences))
        .isInstanceOfSatisfying(
            InvalidLink.class, e -> assertThat(e.kind()).isEqualTo(InvalidLink.Kind.EXPIRED));
    assertThatThrownBy(() -> links(at(T0.plus(Duration.ofDays(90))), keys).verify(unsubscribe))
        .isInstanceOfSatisfying(
            InvalidLink.class, e -> assertThat(e.kind()).isEqualTo(InvalidLink.Kind.EXPIRED));
  }

  @Test
  void aLinkMadeUnderTheOldKeyVersionStillWorksAfterRotationUntilThatKeyIsDropped() {
    String old =
        links(at(T0), new LinkKeys(1, Map.of(1, key(1))))
            .issue("a:x", new LinkScope.Unsubscribe("offers"));
    Links rotated = links(at(T0), new LinkKeys(2, Map.of(1, key(1), 2, key(2))));
    String fresh = rotated.issue("a:x", new LinkScope.Unsubscribe("offers"));

    assertThat(fresh).startsWith("k2_");
    assertThat(rotated.verify(old).recipient()).isEqualTo("a:x");
    assertThat(rotated.verify(fresh).recipient()).isEqualTo("a:x");
    // The same id under another version's key finds nothing.
    assertThatThrownBy(() -> rotated.verify("k2_" + old.substring(3)))
        .isInstanceOf(InvalidLink.class);
    Links dropped = links(at(T0), new LinkKeys(2, Map.of(2, key(2))));
    assertThatThrownBy(() -> dropped.verify(old)).isInstanceOf(InvalidLink.class);
  }

  @Test
  void aRetiredFormatLinkCanOnlyUnsubscribeWhateverItNamed() {
    byte[] raw = new byte[32];
    Arrays.fill(raw, (byte) 7);
    LinkTokens legacy = new LinkTokens(raw);
    Links links = new Links(new LinkKeys(1, Map.of(1, key(1))), store, at(T0), legacy);

    LinkGrant fromOldPreferenceLink = links.verify(legacy.sign(new LinkToken("a:x", "all")));

    assertThat(fromOldPreferenceLink.scope()).isEqualTo(new LinkScope.Unsubscribe("all"));
    assertThatThrownBy(
            () ->
                new Links(new LinkKeys(1, Map.of(1, key(1))), store, at(T0), null)
                    .verify(legacy.sign(new LinkToken("a:x", "all"))))
        .isInstanceOf(InvalidLink.class);
  }

  @Test
  void oversizedAndEmptyTokensAreRefused() {
    Links links = links(at(T0), new LinkKeys(1, Map.of(1, key(1))));
    for (String bad : new String[] {"", "k1_", "k0_" + "a".repeat(26), "x".repeat(5000)}) {
      assertThatThrownBy(() -> links.verify(bad)).isInstanceOf(InvalidLink.class);
    }
    assertThatThrownBy(() -> links.verify(null)).isInstanceOf(InvalidLink.class);
  }
}
