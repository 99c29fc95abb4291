package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API Gateway's IAM authorizer, emulated for the operator routes ({@code Route.Auth.IAM}). On AWS
 * only a request SigV4-signed by an IAM identity allowed {@code execute-api:Invoke} gets through,
 * and the function reads that identity in {@code requestContext.authorizer.iam}. Locally an
 * operator proves the right to a name with two headers: {@value #NAME_HEADER} (an IAM user name)
 * and {@value #SIGNATURE_HEADER}, the hex HMAC-SHA256 of the name under the data directory's {@code
 * operator.key} (created on first start, readable by its owner only):
 *
 * <pre>
 * printf %s legal-operator | openssl dgst -sha256 -hex -mac HMAC -macopt "hexkey:$(cat DATA/operator.key)"
 * </pre>
 *
 * Whoever can read the key file can act as any operator name, as whoever holds IAM credentials
 * allowed on the route can on AWS. The identity handed to the function is {@code
 * arn:aws:iam::000000000000:user/<name>}; the signature header is not passed on.
 */
final class LocalOperators {
  static final String NAME_HEADER = "x-local-operator";
  static final String SIGNATURE_HEADER = "x-local-operator-signature";

  /** IAM user names: up to 64 of these characters. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  LocalOperators(byte[] key) {
    this.key = key.clone();
  }

  /** The operator key in {@code file}, created (32 random bytes, hex, mode 600) if absent. */
  static LocalOperators openOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, HexFormat.of().formatHex(fresh) + "\n");
        } catch (FileAlreadyExistsException raced) {
          // Another process created it first: use theirs.
        }
      }
      return new LocalOperators(HexFormat.of().parseHex(Files.readString(file).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the operator key " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the operator key " + file + " is not hex", e);
    }
  }

  /** The signature an operator sends for {@code name}. */
  String signatureOf(String name) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * The identity API Gateway would put into {@code requestContext.authorizer.iam}, if the headers
   * prove an operator; empty otherwise (API Gateway answers 403 without calling the function).
   */
  Optional<APIGatewayV2HTTPEvent.RequestContext.IAM> authenticate(
      Map<String, List<String>> headers) {
    Optional<String> name = single(headers, NAME_HEADER);
    Optional<String> signature = single(headers, SIGNATURE_HEADER);
    if (name.isEmpty() || signature.isEmpty() || !NAME.matcher(name.get()).matches()) {
      return Optional.empty();
    }
    byte[] expected = signatureOf(name.get()).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.get().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return Optional.empty();
    }
    return Optional.of(
        APIGatewayV2HTTPEvent.RequestContext.IAM
            .builder()
            .withAccessKey("LOCALOPERATORKEY")
            .withAccountId(LocalContext.ACCOUNT_ID)
            .withCallerId("LOCAL:" + name.get())
            .withUserArn("arn:aws:iam::" + LocalContext.ACCOUNT_ID + ":user/" + name.get())
            .withUserId("LOCAL:" + name.get())
            .build());
  }

  private static Optional<String> single(Map<String, List<String>> headers, String wanted) {
    String found = null;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(wanted)) {
        for (String value : header.getValue()) {
          if (found != null) {
            return Optional.empty();
          }
          found = value.strip();
        }
      }
    }
    return Optional.ofNullable(found);
  }
}
