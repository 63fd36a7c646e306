package org.musicanalytics.functions.s3input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * S3Proxy, a real S3 server, in-process on a free loopback port with a transient (memory)
 * blob store: without authorization, or with one access key so that other keys are denied.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** The access key of a server made {@link #withCredentials}. */
  public static final String ACCESS_KEY = "music-access";
  /** The secret key of a server made {@link #withCredentials}. */
  public static final String SECRET_KEY = "music-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext store;

  private S3ProxyServer(AuthenticationType authentication) throws Exception {
    Properties properties = new Properties();
    store = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .overrides(properties)
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(store.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(authentication, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
  }

  /** A server that accepts any request, signed or not. */
  public static S3ProxyServer open() throws Exception {
    return new S3ProxyServer(AuthenticationType.NONE);
  }

  /** A server that accepts only requests signed with {@link #ACCESS_KEY}. */
  public static S3ProxyServer withCredentials() throws Exception {
    return new S3ProxyServer(AuthenticationType.AWS_V2_OR_V4);
  }

  /** The server's endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** A client as the project makes it, for this server. */
  public S3Client client() {
    return S3Clients.create(Optional.of(endpoint()));
  }

  /** A client signing with the given keys. */
  public S3Client client(String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secretKey)))
        .requestChecksumCalculation(
            software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(
            software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /**
   * A client whose first {@code failures} GetObject bodies fail with an I/O error after
   * {@code afterBytes} bytes, as a connection dropped mid-read does.
   */
  public S3Client clientFailingReads(int failures, long afterBytes) {
    AtomicInteger left = new AtomicInteger(failures);
    ExecutionInterceptor failing = new ExecutionInterceptor() {
      @Override
      public Optional<InputStream> modifyHttpResponseContent(
          Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        if (!(context.request() instanceof GetObjectRequest) || body.isEmpty()
            || left.getAndDecrement() <= 0) {
          return body;
        }
        return Optional.of(new FilterInputStream(body.get()) {
          private long read;

          @Override
          public int read(byte[] bytes, int offset, int length) throws IOException {
            if (read >= afterBytes) {
              throw new IOException("connection reset (injected by the test)");
            }
            int n = super.read(bytes, offset, (int) Math.min(length, afterBytes - read));
            read += Math.max(n, 0);
            return n;
          }
        });
      }
    };
    return S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("local", "local")))
        .requestChecksumCalculation(
            software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(
            software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.addExecutionInterceptor(failing))
        .build();
  }

  /** Creates {@code bucket} and puts {@code bytes} at {@code key}. */
  public void put(String bucket, String key, byte[] bytes) {
    try (S3Client s3 = client(ACCESS_KEY, SECRET_KEY)) {
      if (!s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket))) {
        s3.createBucket(r -> r.bucket(bucket));
      }
      s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    store.close();
  }
}
