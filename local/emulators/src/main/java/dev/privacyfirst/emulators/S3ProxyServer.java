package dev.privacyfirst.emulators;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

/** s3proxy, in this JVM, on loopback, enforcing SigV4 (headers and presigned URLs). */
final class S3ProxyServer implements AutoCloseable {
  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final int port;

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy, int port) {
    this.context = context;
    this.proxy = proxy;
    this.port = port;
  }

  /**
   * @param baseDir directory of the filesystem blobstore, or null for jclouds' in-memory one
   */
  static S3ProxyServer start(int port, Path baseDir, String identity, String credential) {
    ContextBuilder builder =
        ContextBuilder.newBuilder(baseDir == null ? "transient" : "filesystem")
            .credentials(identity, credential)
            .modules(List.of(new SLF4JLoggingModule()));
    if (baseDir != null) {
      Properties properties = new Properties();
      properties.setProperty(
          FilesystemConstants.PROPERTY_BASEDIR, baseDir.toAbsolutePath().toString());
      builder.overrides(properties);
    }
    BlobStoreContext context = builder.buildView(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(Loopback.uri(port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy state: " + proxy.getState());
        }
        Thread.sleep(5);
      }
      return new S3ProxyServer(context, proxy, port);
    } catch (Exception e) {
      context.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("s3proxy did not start on port " + port, e);
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
