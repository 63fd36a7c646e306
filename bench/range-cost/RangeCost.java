import com.google.protobuf.util.JsonFormat;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileReader;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.musicanalytics.functions.mapreduce.AnalyzeCsvRange;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.ShardCounts;

/**
 * The per-range cost of the S3 function's pass, without S3 or Lambda: AnalyzeCsvRange over
 * byte ranges of a local file, then its answer printed and parsed as the proto3 JSON that
 * crosses Lambda, each timed in this thread's CPU time. Run by bench/range-cost.sh.
 */
public final class RangeCost {

  public static void main(String[] args) throws Exception {
    String file = args[0];
    long rangeBytes = Long.parseLong(args[1]);
    int ranges = Integer.parseInt(args[2]);
    List<String> header;
    try (BufferedReader first = new BufferedReader(new FileReader(file))) {
      header = List.of(first.readLine().replace("\uFEFF", "").split(","));
    }
    long size = new java.io.File(file).length();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    JsonFormat.Printer printer =
        JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    for (int i = 0; i < ranges; i++) {
      // Spread over the file; the first range is the file's first.
      long start = i == 0 ? 0 : (i * 7919L * rangeBytes) % (size - rangeBytes);
      long t0 = cpu.getCurrentThreadCpuTime();
      ShardCounts counts;
      try (InputStream in = new FileInputStream(file)) {
        in.skipNBytes(Math.max(0, start - 1));
        counts = new AnalyzeCsvRange().apply(CsvRangeRequest.newBuilder().setStart(start)
            .setEnd(start + rangeBytes).addAllHeader(header).build(),
            new BufferedInputStream(in, 1 << 16), file);
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      String json = printer.print(counts);
      long t2 = cpu.getCurrentThreadCpuTime();
      JsonFormat.parser().ignoringUnknownFields().merge(json, ShardCounts.newBuilder());
      long t3 = cpu.getCurrentThreadCpuTime();
      // The answer a caller asking for encoded counts gets (CsvRangeRequest.encoded_answer),
      // built as AnalyzeS3Range builds it.
      ShardCounts encoded = ShardCounts.newBuilder().setCsvRange(counts.getCsvRange())
          .setEncodedCounts(counts.toBuilder().clearCsvRange().build().toByteString())
          .build();
      String encodedJson = printer.print(encoded);
      long t4 = cpu.getCurrentThreadCpuTime();
      ShardCounts.Builder parsed = ShardCounts.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(encodedJson, parsed);
      parsed.getEncodedCounts().toByteArray();
      long t5 = cpu.getCurrentThreadCpuTime();
      System.out.printf("range %d of %d MiB: %d rows; CPU s: count %.3f, print JSON %.3f, "
          + "parse JSON %.3f; answer %.2f MB of JSON; encoded: print %.3f, parse %.3f, "
          + "answer %.2f MB%n", i + 1, rangeBytes >> 20,
          counts.getCsvRange().getRowsRead(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
          (t3 - t2) / 1e9, json.length() / 1e6, (t4 - t3) / 1e9, (t5 - t4) / 1e9,
          encodedJson.length() / 1e6);
    }
  }
}
