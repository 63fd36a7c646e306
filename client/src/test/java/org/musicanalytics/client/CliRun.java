package org.musicanalytics.client;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the {@code music-analytics} command line, with its output. */
public record CliRun(int exitCode, String out, String err) {

  /** The repository's sample, found from the module directory or the repository root. */
  public static Path sampleData() {
    for (Path candidate : new Path[] {Path.of("../data/stream_data.csv"),
        Path.of("data/stream_data.csv")}) {
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("data/stream_data.csv not found from "
        + Path.of("").toAbsolutePath());
  }

  /** Generates {@code records} plays with {@code seed} into {@code file}, which it returns. */
  public static Path generate(Path file, int records, int seed) {
    CliRun generate = run("generate", "--records", Integer.toString(records), "--seed",
        Integer.toString(seed), "--out", file.toString());
    if (generate.exitCode() != 0) {
      throw new AssertionError("generate failed: " + generate);
    }
    return file;
  }

  public static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  public static CliRun run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = MusicAnalytics.commandLine(environment);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  public static JsonObject readResults(Path resultsDirectory) throws IOException {
    return JsonParser.parseString(Files.readString(
        resultsDirectory.resolve("run_grpc_metrics.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  /**
   * A copy of {@code results} without what differs between any two runs by design, the
   * timings ({@code performance}), {@code computed_at} and {@code run_id}, and without the
   * {@code alsoDiffering} keys, e.g. {@code target} when comparing targets; every one of
   * them must be there.
   */
  public static JsonObject comparable(JsonObject results, String... alsoDiffering) {
    JsonObject copy = results.deepCopy();
    List<String> keys = new ArrayList<>(List.of("performance", "computed_at", "run_id"));
    keys.addAll(List.of(alsoDiffering));
    for (String key : keys) {
      if (copy.remove(key) == null) {
        throw new AssertionError("the results have no '" + key + "': " + results);
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
