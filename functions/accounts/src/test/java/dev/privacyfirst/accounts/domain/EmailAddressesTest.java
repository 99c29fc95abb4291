package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressesTest {

  @Test
  void anAddressIsTrimmedComposedAndLowerCased() {
    // "e" + combining acute accent (NFD) becomes the single code point é (NFC).
    assertThat(EmailAddresses.normalise("  Ren\u0065\u0301@Example.ORG \n"))
        .contains("ren\u00e9@example.org");
  }

  @Test
  void theSameAddressTypedDifferentlyNormalisesTheSame() {
    assertThat(EmailAddresses.normalise("ANN@X.EXAMPLE"))
        .isEqualTo(EmailAddresses.normalise(" ann@x.example"));
  }

  @Test
  void thingsThatAreNotAddressesAreRefused() {
    for (String bad :
        new String[] {
          "",
          "   ",
          "no-at-sign.example",
          "two@@example.org",
          "a@b@example.org",
          "@example.org",
          "ann@",
          "ann@localhost",
          "ann@.example.org",
          "ann@example..org",
          "ann smith@example.org",
          "ann@exa\tmple.org",
          "<ann@example.org>",
          "a".repeat(65) + "@example.org",
          "a@" + "b".repeat(250) + ".org"
        }) {
      assertThat(EmailAddresses.normalise(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void theDomainIsComparedInItsAsciiFormAndOnlyAsciiLettersOfTheLocalPartAreLowerCased() {
    assertThat(EmailAddresses.normalise("Ann@B\u00fccher.Example"))
        .contains("ann@xn--bcher-kva.example")
        .isEqualTo(EmailAddresses.normalise("ann@xn--bcher-kva.example"));
    // The Kelvin sign is canonically the letter K (NFC), so it is the same text and address.
    assertThat(EmailAddresses.normalise("\u212Aate@example.org"))
        .isEqualTo(EmailAddresses.normalise("kate@example.org"));
    // Non-ASCII letters keep their case: whether a mailbox ignores it is the provider's choice.
    assertThat(EmailAddresses.normalise("\u00c9mile@example.org"))
        .contains("\u00c9mile@example.org")
        .isNotEqualTo(EmailAddresses.normalise("\u00e9mile@example.org"));
  }

  @Test
  void replacementBidiAndInvisibleControlCharactersAreRefused() {
    for (String bad :
        new String[] {
          "ann\uFFFD@example.org",
          "ann\u202E@example.org",
          "ann@exa\u2066mple.org",
          "\u200Fann@example.org",
          "ann\u0000@example.org",
          "ann\uD800@example.org",
          "ann@exam\u061Cple.org"
        }) {
      assertThat(EmailAddresses.normalise(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void anAddressOfAtMost254CharactersIsAccepted() {
    // DNS labels are at most 63 characters.
    String email =
        "a".repeat(60)
            + "@"
            + "b".repeat(63)
            + "."
            + "c".repeat(63)
            + "."
            + "d".repeat(61)
            + ".org";
    assertThat(email).hasSize(254);
    assertThat(EmailAddresses.normalise(email)).isPresent();
    assertThat(EmailAddresses.normalise(email.replace("@", "@b"))).isEmpty();
  }
}
