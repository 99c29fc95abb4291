package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
  private static final PasswordPolicy POLICY = PasswordPolicy.bundled();
  private static final String EMAIL = "ann.example.person@example.org";

  @Test
  void theBundledListHoldsSeveralHundredCommonPasswords() {
    assertThat(POLICY.size()).isGreaterThan(500);
  }

  @Test
  void aLongUncommonPasswordIsAccepted() {
    assertThat(POLICY.problem("violet-kettle-harbour-58", EMAIL)).isEmpty();
  }

  @Test
  void aShortPasswordIsRefusedWithTheReason() {
    assertThat(POLICY.problem("Sh0rt!pw", EMAIL)).hasValueSatisfying(r -> r.contains("at least"));
  }

  @Test
  void lengthCountsCharactersNotUtf16Units() {
    // nine emoji are 18 UTF-16 units but 9 characters
    assertThat(POLICY.problem("\uD83D\uDE00".repeat(9), EMAIL)).isPresent();
    assertThat(POLICY.problem("\uD83D\uDE00".repeat(10), EMAIL)).isEmpty();
  }

  @Test
  void anOverlongPasswordIsRefused() {
    assertThat(POLICY.problem("x".repeat(1025), EMAIL))
        .hasValueSatisfying(r -> r.contains("at most"));
    assertThat(POLICY.problem("xy".repeat(512), EMAIL)).isEmpty();
  }

  @Test
  void aCommonPasswordIsRefusedWhateverItsCase() {
    assertThat(POLICY.problem("Password123", EMAIL)).hasValueSatisfying(r -> r.contains("common"));
    assertThat(POLICY.problem("QWERTYUIOP", EMAIL)).isPresent();
    assertThat(POLICY.problem("1234567890", EMAIL)).isPresent();
  }

  @Test
  void theEmailAddressIsNotAPassword() {
    assertThat(POLICY.problem("Ann.Example.Person@Example.org", EMAIL))
        .hasValueSatisfying(r -> r.contains("email"));
    assertThat(POLICY.problem("ann.example.person", EMAIL)).isPresent();
  }
}
