package org.musicanalytics.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.musicanalytics.client.evaluate.EvaluateCommand;
import org.musicanalytics.client.generate.GenerateCommand;
import org.musicanalytics.client.grpc.HostPort;
import org.musicanalytics.client.history.HistoryCommand;
import org.musicanalytics.client.output.ReportFormat;
import org.musicanalytics.client.run.RunCommand;
import org.musicanalytics.client.run.Target;
import org.musicanalytics.host.HostCommand;
import org.musicanalytics.host.NettyDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code music-analytics} command: {@code run} analyses a stream file, {@code host}
 * serves the stages over gRPC, {@code generate} writes a synthetic stream file,
 * {@code evaluate} scores the recommenders on a split of a stream file by time;
 * {@code lambda-local}, which serves the stages through a local Lambda Invoke API, is a
 * development tool in a jar of its own that the {@code music-analytics} script runs.
 *
 * <p>Exit codes: 0 on success, 1 when a run or the host fails (the reason is one line on
 * standard error), 2 for a usage error.
 */
@Command(name = "music-analytics",
    synopsisSubcommandLabel = "COMMAND",
    versionProvider = MusicAnalytics.Version.class,
    description = "Music-streaming analytics: play counts, user behaviour, genres and "
        + "recommendations over a CSV of plays.",
    footer = {"", "Run `music-analytics help COMMAND` for a command's options."})
public final class MusicAnalytics implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true,
      description = "Show the version and exit.")
  boolean version;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    NettyDefaults.apply();
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /**
   * The command line with its subcommands, reading service addresses from
   * {@code environment}. Tests set its output streams with {@link CommandLine#setOut} and
   * {@link CommandLine#setErr}.
   */
  public static CommandLine commandLine(Map<String, String> environment) {
    // Settings reach the subcommands present when they are made: add those first.
    return new CommandLine(new MusicAnalytics())
        .addSubcommand(new CommandLine(new RunCommand(environment)))
        .addSubcommand(new CommandLine(new HostCommand(environment)))
        .addSubcommand(new CommandLine(new LambdaLocalNotice()))
        .addSubcommand(new CommandLine(new GenerateCommand()))
        .addSubcommand(new CommandLine(new EvaluateCommand()))
        .addSubcommand(new CommandLine(new HistoryCommand(environment)))
        .addSubcommand(new CommandLine.HelpCommand())
        .registerConverter(HostPort.class, HostPort::parse)
        .registerConverter(Target.class, lowerCase(Target.class))
        .registerConverter(ReportFormat.class, lowerCase(ReportFormat.class))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(MusicAnalytics::usageError)
        .setExecutionExceptionHandler(MusicAnalytics::unexpected);
  }

  /** Without a subcommand: the usage, as a usage error. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("music-analytics: missing COMMAND");
    spec.commandLine().usage(err);
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * A usage error in one line: what is wrong, the nearest command or option when one was
   * mistyped, and where to find help.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    String suggestion = "";
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      suggestion = " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    err.println(name + ": " + e.getMessage() + suggestion + "; see '"
        + (commandLine.getParent() == null ? name + " --help"
            : commandLine.getParent().getCommandName() + " help " + commandLine.getCommandName())
        + "'");
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * Converts an enum option from its lower-case name, and names the lower-case choices
   * when the value is none of them.
   */
  private static <E extends Enum<E>> CommandLine.ITypeConverter<E> lowerCase(Class<E> type) {
    return value -> {
      for (E constant : type.getEnumConstants()) {
        if (constant.toString().equalsIgnoreCase(value)) {
          return constant;
        }
      }
      throw new CommandLine.TypeConversionException("expected one of "
          + Arrays.stream(type.getEnumConstants()).map(Object::toString)
              .collect(Collectors.joining(", ")) + ", was '" + value + "'");
    };
  }

  /** The project's version, from the properties the build fills in. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = MusicAnalytics.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      String version = "music-analytics " + properties.getProperty("version", "(unknown)")
          + " (Java " + Runtime.version() + ")";
      return new String[] {version};
    }
  }

  /**
   * An exception no command turned into a message: one line, and the stack trace only if
   * the command asked to be verbose.
   */
  private static int unexpected(Exception e, CommandLine commandLine,
      CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println("music-analytics: unexpected error: " + (e.getMessage() == null
        ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s*\\R\\s*", " "))
        + (commandLine.getCommand() instanceof RunCommand ? "; --verbose shows where" : ""));
    if (commandLine.getCommand() instanceof RunCommand run && run.verbose()) {
      e.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }
}
