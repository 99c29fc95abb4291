package dev.privacyfirst.rights.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.crypto.KeyedHash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts name their subject by a keyed hash that carries its key version: a receipt made before a
 * rotation still answers for its subject after it, new receipts use the new version, and a retired
 * version's receipts answer for nobody.
 */
class SubjectHasherRotationTest {
  @TempDir Path dir;

  private SubjectHasher hasher() {
    return new SubjectHasher(new FileSecrets(dir).hash(SubjectHasher.SECRET_NAME));
  }

  @Test
  void aReceiptMadeBeforeVersionsExistedReadsAsVersionOne() {
    String receipt = hasher().hash(Subject.account("acc-1"));

    assertThat(receipt)
        .isEqualTo(
            new KeyedHash(new FileSecrets(dir).key(SubjectHasher.SECRET_NAME))
                .hex("ACCOUNT#acc-1"));
    assertThat(hasher().matches(receipt, Subject.account("acc-1"))).isTrue();
  }

  @Test
  void aReceiptMadeBeforeARotationStillNamesItsSubjectAfterIt() {
    String old = hasher().hash(Subject.account("acc-1"));

    new FileSecrets(dir).rotate(SubjectHasher.SECRET_NAME);
    String fresh = hasher().hash(Subject.account("acc-1"));

    assertThat(fresh).startsWith("k2.").isNotEqualTo(old);
    assertThat(hasher().matches(old, Subject.account("acc-1"))).isTrue();
    assertThat(hasher().matches(fresh, Subject.account("acc-1"))).isTrue();
    assertThat(hasher().matches(old, Subject.account("acc-2"))).isFalse();
    assertThat(hasher().matches(old, Subject.project("acc-1"))).isFalse();
  }

  @Test
  void aRetiredVersionsReceiptsNameNobody() throws Exception {
    String old = hasher().hash(Subject.account("acc-1"));
    new FileSecrets(dir).rotate(SubjectHasher.SECRET_NAME);
    Files.delete(dir.resolve(SubjectHasher.SECRET_NAME + ".key"));

    assertThat(hasher().matches(old, Subject.account("acc-1"))).isFalse();
    assertThat(hasher().matches("k7.00", Subject.account("acc-1"))).isFalse();
    assertThat(hasher().matches(null, Subject.account("acc-1"))).isFalse();
  }
}
