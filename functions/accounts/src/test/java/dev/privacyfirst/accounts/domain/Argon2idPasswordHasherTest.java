package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {
  private final Argon2idPasswordHasher hasher =
      new Argon2idPasswordHasher(new Argon2Parameters(8 * 1024, 1, 1));

  @Test
  void theHashIsASaltedArgon2idStringThatRecordsItsParameters() {
    String first = hasher.hash("violet-kettle-harbour-58");
    String second = hasher.hash("violet-kettle-harbour-58");
    assertThat(first).startsWith("$argon2id$v=19$m=8192,t=1,p=1$").doesNotContain("violet");
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void theRightPasswordVerifiesAndAWrongOneDoesNot() {
    String hash = hasher.hash("violet-kettle-harbour-58");
    assertThat(hasher.verify("violet-kettle-harbour-58", hash)).isTrue();
    assertThat(hasher.verify("violet-kettle-harbour-59", hash)).isFalse();
    assertThat(hasher.verify("violet-kettle-harbour-58", "not-a-hash")).isFalse();
  }

  @Test
  void aHashMadeWithOtherParametersStillVerifies() {
    String old =
        new Argon2idPasswordHasher(new Argon2Parameters(9 * 1024, 2, 1)).hash("pw-1234567");
    assertThat(hasher.verify("pw-1234567", old)).isTrue();
  }

  @Test
  void theDummyHashIsMadeOnFirstUseNotAtConstructionAndThenKept() {
    Argon2idPasswordHasher fresh = new Argon2idPasswordHasher(new Argon2Parameters(8 * 1024, 1, 1));
    assertThat(fresh.dummyReady()).isFalse();

    fresh.verifyAgainstDummy("violet-kettle-harbour-58");

    assertThat(fresh.dummyReady()).isTrue();
    String dummy = fresh.dummyHash();
    assertThat(dummy).startsWith("$argon2id$").isEqualTo(fresh.dummyHash());
    assertThat(fresh.verify("violet-kettle-harbour-58", dummy)).isFalse();
    assertThat(fresh.verify("", dummy)).isFalse();
  }
}
