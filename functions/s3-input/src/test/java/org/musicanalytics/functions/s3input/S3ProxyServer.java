package org.musicanalytics.functions.s3input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.MutableContentMetadata;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
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
 * Faults are injected on the server's side, so that any client meets them (the CLI, the
 * functions in lambda-local): a body that breaks off at a byte ({@link #breakReadsAt}), an
 * object replaced while a run reads it ({@link #replaceOnRead}).
 */
public final class S3ProxyServer implements AutoCloseable {

  /** The access key of a server made {@link #withCredentials}. */
  public static final String ACCESS_KEY = "music-access";
  /** The secret key of a server made {@link #withCredentials}. */
  public static final String SECRET_KEY = "music-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext store;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  private S3ProxyServer(AuthenticationType authentication) throws Exception {
    Properties properties = new Properties();
    store = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .overrides(properties)
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(new FaultyStore(store.getBlobStore()))
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

  /**
   * Makes the next {@code times} GetObject bodies of {@code key} that cover object byte
   * {@code at} break off there, after their headers and the bytes before it, as a dropped
   * connection does; a read that starts at {@code at} breaks off at once.
   */
  public void breakReadsAt(String bucket, String key, long at, int times) {
    AtomicInteger left = new AtomicInteger(times);
    faults.add(new Fault() {
      @Override
      public Blob after(String container, String name, long start, Blob blob)
          throws IOException {
        if (!container.equals(bucket) || !name.equals(key) || start > at
            || blob.getPayload() == null) {
          return blob;
        }
        MutableContentMetadata content = blob.getPayload().getContentMetadata();
        if (start + content.getContentLength() <= at || left.getAndDecrement() <= 0) {
          return blob;
        }
        Payload broken = Payloads.newInputStreamPayload(
            breakingOff(blob.getPayload().openStream(), at - start, at));
        // The same headers (the full length): the body breaks off, as a dropped connection.
        broken.setContentMetadata(content);
        blob.setPayload(broken);
        return blob;
      }
    });
  }

  private static InputStream breakingOff(InputStream body, long cut, long at) {
    return new FilterInputStream(body) {
      private long read;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        if (read >= cut) {
          throw new IOException("the disk failed at byte " + at + " (injected by the test)");
        }
        int n = super.read(bytes, offset, (int) Math.min(length, cut - read));
        read += Math.max(n, 0);
        return n;
      }
    };
  }

  /**
   * Replaces {@code key} with {@code bytes} (a new ETag) just before the server answers the
   * {@code nth} GetObject of it, counted from 1 after this call.
   */
  public void replaceOnRead(String bucket, String key, int nth, byte[] bytes) {
    AtomicInteger seen = new AtomicInteger();
    faults.add(new Fault() {
      @Override
      public void before(String container, String name) {
        if (container.equals(bucket) && name.equals(key) && seen.incrementAndGet() == nth) {
          put(bucket, key, bytes);
        }
      }
    });
  }

  /** Removes every injected fault. */
  public void clearFaults() {
    faults.clear();
  }

  /** A fault: something done before a GetObject is served, or to the blob it serves. */
  private interface Fault {
    default void before(String container, String name) {}

    default Blob after(String container, String name, long start, Blob blob)
        throws IOException {
      return blob;
    }
  }

  /** The blob store with the faults applied to GetObject. */
  private final class FaultyStore extends ForwardingBlobStore {

    FaultyStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
      for (Fault fault : faults) {
        fault.before(container, name);
      }
      Blob blob = super.getBlob(container, name, options);
      long start = rangeStart(options);
      try {
        for (Fault fault : faults) {
          if (blob != null) {
            blob = fault.after(container, name, start, blob);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return blob;
    }

    /** Where a ranged GetObject starts ({@code bytes=from-to}), or 0. */
    private long rangeStart(GetOptions options) {
      if (options == null || options.getRanges().isEmpty()) {
        return 0;
      }
      String range = options.getRanges().get(0);
      int dash = range.indexOf('-');
      return dash > 0 ? Long.parseLong(range.substring(0, dash)) : 0;
    }
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    store.close();
  }
}
