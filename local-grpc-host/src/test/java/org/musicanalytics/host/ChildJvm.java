package org.musicanalytics.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own on this test's class path, as a user runs it, with
 * everything it prints (standard output and error) collected as it comes. For what only a
 * separate process shows: signals, exit codes, a heap limit, a kill.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;

  private ChildJvm(Process process, String name) {
    this.process = process;
    this.reader = new Thread(this::collect, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} with {@code args}, the JVM options {@code jvmOptions} (e.g.
   * {@code -Xmx48m}) coming first.
   */
  public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start(),
        mainClass.getSimpleName());
  }

  public Process process() {
    return process;
  }

  /** What it has printed so far, line by line. */
  public String output() {
    return output.toString();
  }

  /** Whether it ended within {@code seconds}; if so, its output is complete. */
  public boolean waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      return false;
    }
    reader.join(5_000);
    return true;
  }

  /** How many times {@code marker} appears in the output so far. */
  public int count(String marker) {
    String text = output.toString();
    int count = 0;
    for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      count++;
    }
    return count;
  }

  /**
   * Waits until {@code marker} has appeared {@code times} times in the output, and returns
   * the output.
   *
   * @throws AssertionError if it exits before, or after 30 s
   */
  public String awaitOutput(String marker, int times) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count(marker) < times) {
      if (!process.isAlive() && count(marker) < times) {
        reader.join(5_000);
        if (count(marker) >= times) {
          break;
        }
        throw new AssertionError("exited before " + times + " x '" + marker + "': " + this);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + times + " x '" + marker + "' in 30 s: " + this);
      }
      Thread.sleep(5);
    }
    return output.toString();
  }

  /** Sends it {@code signal} (e.g. {@code INT} or {@code TERM}) with {@code kill}. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
        .inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** Kills it if it still runs. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "pid " + process.pid() + ", output so far:\n" + output;
  }

  private void collect() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
      }
    } catch (IOException e) {
      // A test's message shows it.
      output.append("(output unreadable: ").append(e).append(")\n");
    }
  }
}
