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
  void anAddressOfAtMost254CharactersIsAccepted() {
    String email = "a".repeat(60) + "@" + "b".repeat(189) + ".org";
    assertThat(email).hasSize(254);
    assertThat(EmailAddresses.normalise(email)).isPresent();
    assertThat(EmailAddresses.normalise(email.replace("@", "@b"))).isEmpty();
  }
}
