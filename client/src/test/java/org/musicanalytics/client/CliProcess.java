package org.musicanalytics.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code music-analytics} run as a user runs it: a JVM of its own on this test's class
 * path, with its exit code, standard output and standard error kept apart, and optionally
 * a umask and bytes on standard input.
 *
 * @param exitCode the process's exit code
 * @param out its standard output
 * @param err its standard error
 * @param seconds how long it ran, start of the JVM included
 */
public record CliProcess(int exitCode, String out, String err, double seconds) {

  /** Runs {@code music-analytics args} with no standard input. */
  public static CliProcess run(String... args) {
    return start(null, new byte[0], args);
  }

  /**
   * Runs {@code music-analytics args} under {@code umask} (e.g. {@code "027"}; null for
   * this process's), with {@code stdin} on its standard input.
   */
  public static CliProcess start(String umask, byte[] stdin, String... args) {
    return start(List.of(), umask, stdin, args);
  }

  /** As {@link #start(String, byte[], String...)}, with {@code jvmOptions} first. */
  public static CliProcess start(List<String> jvmOptions, String umask, byte[] stdin,
      String... args) {
    List<String> java = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1"));
    java.addAll(jvmOptions);
    java.addAll(List.of("-cp", System.getProperty("java.class.path"),
        MusicAnalytics.class.getName()));
    java.addAll(List.of(args));
    List<String> command = java;
    if (umask != null) {
      command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
      command.addAll(java);
    }
    long start = System.nanoTime();
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(
          () -> text(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(
          () -> text(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      } catch (IOException closedEarly) {
        // A command that does not read its input may exit before taking it all.
      }
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("music-analytics " + String.join(" ", args)
            + " still ran after 120 s");
      }
      return new CliProcess(process.exitValue(), out.join(), err.join(),
          (System.nanoTime() - start) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The first line of standard error, without its line end; "" if there is none. */
  public String firstErrorLine() {
    return err.lines().findFirst().orElse("");
  }

  private static String text(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + " after " + seconds + " s\n--- stdout\n" + out
        + "--- stderr\n" + err;
  }
}
