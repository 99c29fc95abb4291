package dev.privacyfirst.files.adapter;

import com.github.luben.zstd.Zstd;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DryRun;
import dev.privacyfirst.common.adapter.Priming;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The files functions' SnapStart priming: what every function shares, the S3 client (a dry-run
 * request) and presigner (a presigned GET, computed locally), and zstd (loads the native library
 * and runs one compression both ways). Never calls AWS.
 */
public final class FilesPriming {
  private FilesPriming() {}

  public static void prime(AwsClients aws) {
    Priming.primeCommon(aws);
    S3Client s3 = S3BlobStore.client(aws);
    S3Presigner presigner = S3BlobStore.presigner(aws);
    DryRun.of(o -> s3.headObject(r -> r.bucket("priming").key("priming").overrideConfiguration(o)));
    presigner.presignGetObject(
        r ->
            r.signatureDuration(Duration.ofMinutes(1))
                .getObjectRequest(g -> g.bucket("priming").key("priming")));
    byte[] plain = new byte[16 * 1024];
    byte[] packed = Zstd.compress(plain, 3);
    if (Zstd.decompress(packed, plain.length).length != plain.length) {
      throw new IllegalStateException("zstd round trip lost bytes");
    }
  }
}
