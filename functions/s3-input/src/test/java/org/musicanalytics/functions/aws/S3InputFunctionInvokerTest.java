package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayBody;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.moduleEventFiles;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;
import static org.musicanalytics.functions.aws.LambdaTestSupport.repositoryRoot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.StreamCsvReader;
import org.musicanalytics.functions.aws.LambdaTestSupport.EventFile;
import org.musicanalytics.functions.mapreduce.AnalyzeShard;
import org.musicanalytics.functions.mapreduce.GenreAnswer;
import org.musicanalytics.functions.mapreduce.PlayCountsAnswer;
import org.musicanalytics.functions.s3input.S3Clients;
import org.musicanalytics.functions.s3input.S3ProxyServer;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * {@code analyzeCsvRange} through a real {@link FunctionInvoker}, reading the sample from
 * S3Proxy: every event file of the function in {@code events/}, whose object (bucket,
 * key, ETag) is the repository's {@code data/stream_data.csv}.
 */
class S3InputFunctionInvokerTest {

  private static S3ProxyServer server;
  private static FunctionInvoker invoker;
  private static Path sample;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.open();
    sample = repositoryRoot().resolve("data/stream_data.csv");
    server.put("music-analytics-plays", "plays/stream_data.csv", Files.readAllBytes(sample));
    System.setProperty(S3Clients.ENDPOINT_PROPERTY, server.endpoint().toString());
    invoker = invoker("analyzeCsvRange");
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty(S3Clients.ENDPOINT_PROPERTY);
    server.close();
  }

  @TestFactory
  Stream<DynamicTest> shouldAnswerEveryEventFileWithTheCountsOfTheWholeSample() throws Exception {
    StreamList.Builder records = StreamList.newBuilder();
    InputSummary read = StreamCsvReader.lenient().read(sample, records::addRecords);
    MergedCounts expected = new MergedCounts();
    expected.add(new AnalyzeShard().apply(records.build()));
    List<EventFile> files = moduleEventFiles();
    assertThat(files).extracting(EventFile::name)
        .contains("analyzeCsvRange.json", "analyzeCsvRange-http.json");
    return files.stream().map(file -> dynamicTest(file.name(), () -> {
      byte[] response = invoke(invoker, file.bytes());
      byte[] json = file.http() ? apiGatewayBody(response, 200) : response;
      ShardCounts counts = parse(json, ShardCounts.newBuilder());
      assertThat(counts.getCsvRange().getRowsRead()).isEqualTo(read.recordsRead()).isPositive();
      MergedCounts merged = new MergedCounts();
      merged.add(counts);
      assertThat(merged.answer(new PlayCountsAnswer()).build())
          .isEqualTo(expected.answer(new PlayCountsAnswer()).build());
      assertThat(merged.answer(new GenreAnswer()).build())
          .isEqualTo(expected.answer(new GenreAnswer()).build());
    }));
  }

  @Test
  void shouldAnswerWithTheSameCountsEncodedWhenTheRequestAsksForThem() throws Exception {
    byte[] plain = invoke(invoker, event("analyzeCsvRange"));
    String request = new String(event("analyzeCsvRange"), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{\"encoded_answer\": true,");
    byte[] json = invoke(invoker, request);

    ShardCounts counts = parse(json, ShardCounts.newBuilder());
    ShardCounts expected = parse(plain, ShardCounts.newBuilder());
    assertThat(counts.getEncodedCounts().isEmpty()).isFalse();
    assertThat(counts.getUserIdsList()).isEmpty();
    assertThat(counts.getCsvRange()).isEqualTo(expected.getCsvRange());
    assertThat(ShardCounts.parseFrom(counts.getEncodedCounts()))
        .isEqualTo(expected.toBuilder().clearCsvRange()
            .setProcessingTime(ShardCounts.parseFrom(counts.getEncodedCounts())
                .getProcessingTime())
            .build());
    MergedCounts merged = new MergedCounts();
    merged.addEncoded(counts.getEncodedCounts().toByteArray());
    MergedCounts mergedPlain = new MergedCounts();
    mergedPlain.add(expected);
    assertThat(merged.answer(new PlayCountsAnswer()).build())
        .isEqualTo(mergedPlain.answer(new PlayCountsAnswer()).build());
  }

  @Test
  void shouldFailInOneLineWhenTheObjectIsNotTheVersionAskedFor() {
    String request = new String(event("analyzeCsvRange"), StandardCharsets.UTF_8)
        .replaceFirst("\"etag\": \"[^,]*\",", "\"etag\": \"\\\\\"0\\\\\"\",");
    assertThat(request).contains("\"etag\": \"\\\"0\\\"\"");
    assertThatThrownBy(() -> invoke(invoker, request))
        .hasMessage("s3://music-analytics-plays/plays/stream_data.csv: it changed during the "
            + "run: it no longer has ETag \"0\" (run again to read the new version)");
  }
}
