package org.musicanalytics.client.generate;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.musicanalytics.client.generate.internal.Catalog;
import org.musicanalytics.client.generate.internal.DatasetShape;
import org.musicanalytics.client.generate.internal.PlayWriter;
import org.musicanalytics.client.generate.internal.TasteModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code music-analytics generate}: writes a synthetic CSV of plays in the format of
 * {@code data/stream_data.csv}, the same bytes for the same options.
 *
 * <p>The file is written beside its final name and moved into place when complete, so a
 * failed or interrupted run leaves no file behind and does not touch an existing one. The
 * shape of the data is {@code Catalog}'s, {@code PlayWriter}'s and {@code PlayClock}'s (the
 * README sums it up).
 */
@Command(name = "generate", sortOptions = false,
    description = {
        "Write a synthetic CSV of plays (user_id,song_id,artist,duration,timestamp,genre): "
            + "Zipf song popularity, power-law user activity, artists with one genre each, "
            + "songs with one artist and length each, 20%% skips, timestamps in file order "
            + "over the days with a daily rhythm.",
        "With --taste, plays have structure instead: users like genres and artists, replay "
            + "songs, listen in sessions of related songs, and find new releases as they come "
            + "out.",
        "The same options give the same bytes."},
    footer = {"", "Exit codes: 0 written, 1 cannot write the file, 2 usage error."})
public final class GenerateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--records", paramLabel = "N", required = true,
      description = "Number of plays (rows after the header), 0 or more.")
  long records;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed of the pseudo-random choices (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--users", paramLabel = "U",
      description = "Number of users (default: N/200, at least 10; at most "
          + DatasetShape.MAX_CATALOG + ").")
  Integer users;

  @Option(names = "--songs", paramLabel = "K",
      description = "Number of songs (default: N/50, at least 20; at most "
          + DatasetShape.MAX_CATALOG + "). Artists: about one per 8 songs.")
  Integer songs;

  @Option(names = "--days", paramLabel = "D", defaultValue = "7",
      description = "Days the timestamps span (default: ${DEFAULT-VALUE}, at most "
          + DatasetShape.MAX_DAYS + ").")
  int days;

  @Option(names = "--start", paramLabel = "DATE", defaultValue = "2025-11-05",
      description = "First day, at 00:00 local time (default: ${DEFAULT-VALUE}, the "
          + "sample's day).")
  String start;

  @Option(names = "--taste",
      description = "Listening with structure: users' tastes over genres and artists, "
          + "replays, sessions of related songs, songs released during the span (not played "
          + "before their day, popular soon after); timestamps follow the sessions.")
  boolean taste;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "File to write (replaced if it exists), or - for standard output.")
  String out;

  private final OutputStream standardOutput;

  /**
   * A command that writes {@code --out -} to the process's standard output, unbuffered by
   * {@link System#out}, whose PrintStream would hide a closed pipe and go on generating.
   */
  public GenerateCommand() {
    this(new FileOutputStream(FileDescriptor.out));
  }

  /** A command that writes {@code --out -} to {@code standardOutput}. */
  public GenerateCommand(OutputStream standardOutput) {
    this.standardOutput = standardOutput;
  }

  @Override
  public Integer call() {
    DatasetShape shape = shape();
    Path file = outputFile();
    long started = System.nanoTime();
    Catalog catalog = Catalog.create(shape);
    PlayWriter writer = new PlayWriter(catalog, shape,
        taste ? TasteModel.create(catalog, shape) : null);
    try {
      if (file == null) {
        writer.write(standardOutput);
        standardOutput.flush();
      } else {
        writeAtomically(writer, file);
      }
    } catch (IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("music-analytics generate: " + describe(e, file));
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    // With --out - standard output carries only the CSV.
    PrintWriter report = file == null ? spec.commandLine().getErr() : spec.commandLine().getOut();
    report.printf(Locale.ROOT, "Wrote %d %splays (%d users, %d songs, %d artists, %d days "
            + "from %s) to %s in %.2f s%n", shape.records(), taste ? "taste " : "",
        catalog.userCount(), catalog.songCount(), catalog.artistCount(), shape.days(),
        shape.start(), file == null ? "standard output" : file,
        (System.nanoTime() - started) / 1e9);
    report.flush();
    return CommandLine.ExitCode.OK;
  }

  /** The options as a dataset's shape; a bad value is a usage error naming its option. */
  private DatasetShape shape() {
    LocalDate first;
    try {
      first = LocalDate.parse(start);
    } catch (DateTimeParseException e) {
      throw usageError("--start must be a date like 2025-11-05, was '" + start + "'");
    }
    try {
      return new DatasetShape(records, seed,
          users != null ? users : DatasetShape.defaultUsers(records),
          songs != null ? songs : DatasetShape.defaultSongs(records), days, first);
    } catch (IllegalArgumentException e) {
      // DatasetShape names each value as its option, without the dashes.
      throw usageError("--" + e.getMessage());
    }
  }

  /** The file to write, or null for standard output. */
  private Path outputFile() {
    if (out.equals("-")) {
      return null;
    }
    Path file;
    try {
      file = Path.of(out);
    } catch (InvalidPathException e) {
      throw usageError("--out is not a valid path: " + e.getMessage());
    }
    if (out.isEmpty() || file.getFileName() == null) {
      throw usageError("--out must name a file, was '" + out + "'");
    }
    if (Files.isDirectory(file)) {
      throw usageError("--out " + file + " is a directory; name a file in it");
    }
    return file;
  }

  /**
   * Writes to a temporary file beside {@code file} and renames it over {@code file} at the
   * end, so readers never see half a file; the temporary file goes on any failure, and on
   * Ctrl-C through a shutdown hook.
   */
  private static void writeAtomically(PlayWriter writer, Path file) throws IOException {
    Path temporary = file.resolveSibling(
        file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Thread cleanUp = new Thread(() -> deleteQuietly(temporary), "generate-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanUp);
    boolean done = false;
    try {
      try (OutputStream stream = Files.newOutputStream(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        writer.write(stream);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      done = true;
    } finally {
      if (!done) {
        deleteQuietly(temporary);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUp);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: nothing left to undo.
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Best effort: the write failed already and its error is what is reported.
    }
  }

  /** One line naming the file and what went wrong. */
  private static String describe(IOException e, Path file) {
    String target = file == null ? "standard output" : file.toString();
    if (file != null) {
      Path directory = file.toAbsolutePath().getParent();
      if (e instanceof NoSuchFileException && directory != null && !Files.exists(directory)) {
        return "cannot write " + target + ": directory " + directory + " does not exist";
      }
      if (e instanceof FileSystemException && directory != null && Files.exists(directory)
          && !Files.isDirectory(directory)) {
        return "cannot write " + target + ": " + directory + " is not a directory";
      }
      if (e instanceof AccessDeniedException) {
        return "cannot write " + target + ": permission denied in " + directory;
      }
    }
    String reason = e instanceof FileSystemException f && f.getReason() != null
        ? f.getReason() : String.valueOf(e.getMessage());
    return "cannot write " + target + ": " + reason;
  }

  private CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
