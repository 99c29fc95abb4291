package dev.privacyfirst.emulators;

import java.nio.file.Path;

/**
 * How to start the {@link Emulators}.
 *
 * @param dataDir where DynamoDB Local and s3proxy keep their data (DynamoDB under {@code dynamodb},
 *     S3 under {@code s3}); null keeps everything in memory and nothing survives {@link
 *     Emulators#close()}
 * @param dynamoDbPort DynamoDB Local port; 0 picks a free one
 * @param s3Port s3proxy port; 0 picks a free one
 * @param sesPort SES v2 emulator port; 0 picks a free one
 * @param withSes whether to start the SES v2 emulator (a Node.js child process)
 * @param reset wipe {@code dataDir} before starting (nothing to wipe without one)
 */
public record EmulatorOptions(
    Path dataDir, int dynamoDbPort, int s3Port, int sesPort, boolean withSes, boolean reset) {

  public EmulatorOptions {
    checkPort("dynamoDbPort", dynamoDbPort);
    checkPort("s3Port", s3Port);
    checkPort("sesPort", sesPort);
  }

  /** In memory, free ports: what tests use. */
  public static EmulatorOptions ephemeral(boolean withSes) {
    return new EmulatorOptions(null, 0, 0, 0, withSes, false);
  }

  /** Persistent under {@code dataDir}, free ports. */
  public static EmulatorOptions persistent(Path dataDir, boolean withSes, boolean reset) {
    return new EmulatorOptions(dataDir, 0, 0, 0, withSes, reset);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be 0 (any free port) or 1-65535: " + port);
    }
  }
}
