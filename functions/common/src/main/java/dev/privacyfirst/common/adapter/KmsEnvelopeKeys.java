package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * KMS envelope encryption: GenerateDataKey and Decrypt with an encryption context (AWS,
 * LocalStack).
 */
public final class KmsEnvelopeKeys implements EnvelopeKeys {
  private final KmsClient kms;
  private final String keyId;

  public KmsEnvelopeKeys(KmsClient kms, String keyId) {
    this.kms = kms;
    this.keyId = keyId;
  }

  /** On the container's KMS client. */
  public static KmsEnvelopeKeys create(AwsClients aws, String keyId) {
    return new KmsEnvelopeKeys(client(aws), keyId);
  }

  /** The container's KMS client (also what priming dry-runs). */
  static KmsClient client(AwsClients aws) {
    return aws.shared(KmsClient.class, () -> aws.configure(KmsClient.builder(), "KMS").build());
  }

  @Override
  public DataKey generate(Map<String, String> encryptionContext) {
    try {
      GenerateDataKeyResponse response =
          kms.generateDataKey(
              r ->
                  r.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(encryptionContext));
      return new DataKey(
          response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray());
    } catch (SdkException e) {
      throw new DependencyFailure("KMS GenerateDataKey failed", e);
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped, Map<String, String> encryptionContext) {
    try {
      return kms.decrypt(
              r ->
                  r.keyId(keyId)
                      .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                      .encryptionContext(encryptionContext))
          .plaintext()
          .asByteArray();
    } catch (InvalidCiphertextException e) {
      throw new KeyUnavailable("data key does not unwrap under this context", e);
    } catch (SdkException e) {
      throw new DependencyFailure("KMS Decrypt failed", e);
    }
  }
}
