package org.musicanalytics.host.bench;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.ShardAnalysisServiceGrpc;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserBehaviorServiceGrpc;

/**
 * Records per second of the host's plain path (generated parser, then the stage) against
 * its wire path (the stage's wire form), on 50,000-record shards of a generated file. A
 * measurement to run by hand, not a test:
 *
 * <pre>
 * ./music-analytics generate --records 1000000 --seed 1 --out /tmp/d1m.csv
 * java -XX:+UseParallelGC -Xmx1g -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *     org.musicanalytics.host.bench.WirePathBenchmark /tmp/d1m.csv [records] [rounds]
 * </pre>
 *
 * <p>Direct: the functions called in this thread, request bytes in, response bytes out.
 * Loopback: a real host on a loopback port, {@code inFlight} calls at a time, request and
 * response bytes passed through unparsed on the client side, so the figures are the host's.
 */
public final class WirePathBenchmark {

  private static final int SHARD = 50_000;

  private WirePathBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args.length > 0 ? args[0] : "/tmp/d1m.csv");
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    List<byte[]> shards = shards(csv, records);
    long total = (long) shards.size() * SHARD;
    System.out.printf(Locale.ROOT, "%d shards of %d records, %.1f MB encoded%n", shards.size(),
        SHARD, shards.stream().mapToLong(s -> s.length).sum() / 1e6);

    Map<String, AnalyticsFunction<?, ?>> functions = AnalyticsFunctions.load();
    AnalyticsFunction<?, ?> shard = functions.get("analyzeShard");
    List<AnalyticsFunction<?, ?>> three = List.of(functions.get("aggregateStream"),
        functions.get("analyzeUsers"), functions.get("analyzeGenres"));
    for (int round = 1; round <= rounds; round++) {
      System.out.printf(Locale.ROOT, "round %d%n", round);
      report("direct plain  analyzeShard", total, () -> {
        for (byte[] bytes : shards) {
          shard.applyUnchecked(StreamList.parseFrom(bytes)).toByteArray();
        }
      });
      report("direct wire   analyzeShard", total, () -> {
        for (byte[] bytes : shards) {
          shard.wireForm().apply(bytes);
        }
      });
      report("direct plain  three stages", total, () -> {
        for (byte[] bytes : shards) {
          for (AnalyticsFunction<?, ?> stage : three) {
            stage.applyUnchecked(StreamList.parseFrom(bytes)).toByteArray();
          }
        }
      });
      report("direct wire   three stages", total, () -> {
        for (byte[] bytes : shards) {
          for (AnalyticsFunction<?, ?> stage : three) {
            stage.wireForm().apply(bytes);
          }
        }
      });
    }

    Map<String, AnalyticsFunction<?, ?>> plain = new TreeMap<>();
    functions.forEach((name, f) -> plain.put(name, withoutWireForm(f)));
    for (boolean wire : new boolean[] {false, true}) {
      try (AnalyticsHost host = new AnalyticsHost(
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .maxInboundMessageSize(64 << 20), wire ? functions : plain).start()) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host.addresses().get(0))
            .usePlaintext().maxInboundMessageSize(64 << 20).build();
        String path = wire ? "wire " : "plain";
        for (int round = 1; round <= rounds; round++) {
          for (int inFlight : new int[] {1, 2}) {
            report("loopback " + path + " analyzeShard x" + inFlight, total,
                () -> calls(channel, List.of(ShardAnalysisServiceGrpc.getAnalyzeShardMethod()),
                    shards, inFlight));
          }
          report("loopback " + path + " three stages x2", total, () -> calls(channel, List.of(
              MapReduceServiceGrpc.getAggregateStreamMethod(),
              UserBehaviorServiceGrpc.getAnalyzeUsersMethod(),
              GenreAnalysisServiceGrpc.getAnalyzeGenresMethod()), shards, 2));
        }
        channel.shutdownNow();
      }
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  private static void report(String what, long records, Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "  %-38s %6.3f s %7.2f M records/s%n", what, seconds,
        records / seconds / 1e6);
  }

  private static void calls(ManagedChannel channel, List<MethodDescriptor<?, ?>> methods,
      List<byte[]> shards, int inFlight) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (byte[] bytes : shards) {
        done.add(pool.submit(() -> {
          for (MethodDescriptor<?, ?> method : methods) {
            ClientCalls.blockingUnaryCall(channel, raw(method), CallOptions.DEFAULT, bytes);
          }
          return null;
        }));
      }
      for (Future<?> call : done) {
        call.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    return method.toBuilder(BYTES, BYTES).build();
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  private static <I extends Message, O extends Message> AnalyticsFunction<I, O> withoutWireForm(
      AnalyticsFunction<I, O> function) {
    return new AnalyticsFunction<>(function.name(), function.requestType(),
        function.responseType(), function.function());
  }

  /** The file's first {@code records} plays (whole shards only), encoded per shard. */
  private static List<byte[]> shards(Path csv, int records) throws IOException {
    List<byte[]> shards = new ArrayList<>();
    StreamList.Builder shard = StreamList.newBuilder();
    try (BufferedReader lines = Files.newBufferedReader(csv)) {
      lines.readLine();
      for (String line = lines.readLine(); line != null && shards.size() * SHARD < records;
          line = lines.readLine()) {
        List<String> f = fields(line);
        shard.addRecords(StreamRecord.newBuilder().setUserId(f.get(0)).setSongId(f.get(1))
            .setArtist(f.get(2)).setDuration(Integer.parseInt(f.get(3)))
            .setTimestamp(f.get(4)).setGenre(f.get(5)));
        if (shard.getRecordsCount() == SHARD) {
          shards.add(shard.build().toByteArray());
          shard = StreamList.newBuilder();
        }
      }
    }
    return shards;
  }

  /** A CSV line's fields; quotes as RFC 4180 (no line breaks inside fields here). */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>(6);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
