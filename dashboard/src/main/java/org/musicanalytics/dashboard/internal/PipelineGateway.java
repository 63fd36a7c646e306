package org.musicanalytics.dashboard.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.musicanalytics.client.MusicAnalytics;
import org.musicanalytics.client.output.ResultsFile;
import org.musicanalytics.history.RunRecord;
import picocli.CommandLine;

/**
 * {@code POST /api/runs}: runs the pipeline on the CSV in the body through the embedded
 * host, exactly as {@code music-analytics run} does (it is that command), records the run
 * in the dashboard's history and answers with its id and results. One run at a time: a
 * second request while one runs is refused with 429, never half run.
 */
public final class PipelineGateway {

  private final String historyUrl;
  private final long maxBodyBytes;
  private final Map<String, String> environment;
  private final ReentrantLock running = new ReentrantLock();

  /**
   * @param historyUrl where runs are recorded
   * @param maxBodyBytes the largest CSV accepted
   * @param environment the run command's environment
   */
  public PipelineGateway(String historyUrl, long maxBodyBytes, Map<String, String> environment) {
    this.historyUrl = historyUrl;
    this.maxBodyBytes = maxBodyBytes;
    this.environment = Map.copyOf(environment);
  }

  /** Handles one upload. */
  public Object post(Context ctx) throws IOException {
    String strictParam = ctx.queryParam("strict");
    if (strictParam != null && !strictParam.equals("true") && !strictParam.equals("false")) {
      throw ApiError.badRequest("query parameter strict must be true or false");
    }
    long declared = ctx.contentLength();
    if (declared > maxBodyBytes) {
      throw tooLarge(declared);
    }
    if (!running.tryLock()) {
      // The body is read (and dropped) first: Jetty closes a connection whose request body
      // is left unread, and a client still sending would then see a reset, not the 429.
      drain(ctx);
      throw new ApiError(429, "busy", "a run is in progress; try again when it has finished");
    }
    Path work = Files.createTempDirectory("music-analytics-upload-");
    try {
      Path input = work.resolve("upload.csv");
      copyBody(ctx, input);
      return run(input, work.resolve("results"), "true".equals(strictParam), ctx);
    } finally {
      running.unlock();
      deleteTree(work);
    }
  }

  private ApiError tooLarge(long bytes) {
    return new ApiError(413, "too_large", "the body has " + bytes + " bytes; at most "
        + maxBodyBytes + " are accepted (--max-body-bytes)");
  }

  private void drain(Context ctx) throws IOException {
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(buffer); n >= 0 && total <= maxBodyBytes; n = in.read(buffer)) {
        total += n;
      }
    }
  }

  private void copyBody(Context ctx, Path file) throws IOException {
    try (InputStream in = ctx.bodyInputStream(); OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > maxBodyBytes) {
          throw tooLarge(total);
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private Object run(Path input, Path results, boolean strict, Context ctx) throws IOException {
    List<String> args = new ArrayList<>(List.of("run", "--quiet", "--input", input.toString(),
        "--results", results.toString(), "--history", historyUrl));
    if (strict) {
      args.add("--strict");
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = MusicAnalytics.commandLine(environment);
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args.toArray(String[]::new));
    String message = err.toString().strip().replace(input.toString(), "upload");
    if (exitCode == 1) {
      throw new ApiError(400, strict ? "bad_row" : "run_failed", message);
    }
    if (exitCode != 0 && exitCode != 3) {
      throw new ApiError(500, "run_failed", message);
    }
    String json = Files.readString(results.resolve(ResultsFile.FILE_NAME),
        StandardCharsets.UTF_8);
    JsonObject document = JsonParser.parseString(json).getAsJsonObject();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("run_id", RunRecord.fromResults(json).runId());
    answer.put("recorded", exitCode == 0);
    if (exitCode == 3) {
      answer.put("history_error", message);
    }
    answer.put("rejected_rows", document.getAsJsonObject("input").get("rows_rejected")
        .getAsLong());
    answer.put("results", document);
    ctx.status(201);
    return answer;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
