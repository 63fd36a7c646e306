package org.musicanalytics.client;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.musicanalytics.client.generate.GenerateCommand;
import org.musicanalytics.client.grpc.HostPort;
import org.musicanalytics.client.history.HistoryCommand;
import org.musicanalytics.client.run.RunCommand;
import org.musicanalytics.host.HostCommand;
import org.musicanalytics.host.NettyDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code music-analytics} command: {@code run} analyses a stream file, {@code host}
 * serves the stages over gRPC, {@code generate} writes a synthetic stream file;
 * {@code lambda-local}, which serves the stages through a local Lambda Invoke API, is a
 * development tool in a jar of its own that the {@code music-analytics} script runs.
 *
 * <p>Exit codes: 0 on success, 1 when a run or the host fails (the reason is one line on
 * standard error), 2 for a usage error.
 */
@Command(name = "music-analytics",
    synopsisSubcommandLabel = "COMMAND",
    description = "Music-streaming analytics: play counts, user behaviour, genres and "
        + "recommendations over a CSV of plays.",
    footer = {"", "Run `music-analytics COMMAND --help` for a command's options."})
public final class MusicAnalytics implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

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
        .addSubcommand(new CommandLine(new HistoryCommand(environment)))
        .registerConverter(HostPort.class, HostPort::parse)
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

  /** A usage error: what is wrong and where to find help, not the whole usage. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(commandLine.getCommandName().equals("music-analytics")
        ? "music-analytics: " + e.getMessage()
        : "music-analytics " + commandLine.getCommandName() + ": " + e.getMessage());
    err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * An exception no command turned into a message: one line, and the stack trace only if
   * the command asked to be verbose.
   */
  private static int unexpected(Exception e, CommandLine commandLine,
      CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println("music-analytics: unexpected error: " + e);
    if (commandLine.getCommand() instanceof RunCommand run && run.verbose()) {
      e.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }
}
