package dev.privacyfirst.email.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkTokensTest {
  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private final LinkTokens tokens = new LinkTokens(key(7));

  @Test
  void aSignedTokenVerifiesToItsRecipientAndScopeAndNamesNoAddress() {
    String recipient = "h:" + "ab".repeat(32);
    String token = tokens.sign(new LinkToken(recipient, "offers"));
    assertThat(tokens.verify(token)).isEqualTo(new LinkToken(recipient, "offers"));
    assertThat(token).matches("[A-Za-z0-9_.-]+").doesNotContain("@");
  }

  @Test
  void aTokenFromAnotherKeyOrWithAnAlteredScopeIsRefused() {
    String token = tokens.sign(new LinkToken("a:acc1", "offers"));
    String other = new LinkTokens(key(8)).sign(new LinkToken("a:acc1", "offers"));
    String altered =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("v1|a:acc2|offers".getBytes(StandardCharsets.UTF_8))
            + token.substring(token.indexOf('.'));
    for (String bad :
        new String[] {
          other, altered, token.substring(0, token.length() - 1), token + "A", "", "."
        }) {
      assertThatThrownBy(() -> tokens.verify(bad)).isInstanceOf(InvalidLink.class);
    }
  }

  @Test
  void recipientsAndScopesOutOfShapeCannotBeSigned() {
    assertThatThrownBy(() -> tokens.sign(new LinkToken("someone@example.com", "offers")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.sign(new LinkToken("a:x", "Offers|all")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
