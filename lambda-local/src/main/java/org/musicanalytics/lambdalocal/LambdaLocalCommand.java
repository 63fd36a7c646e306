package org.musicanalytics.lambdalocal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.musicanalytics.lambdalocal.SamTemplate.FunctionSpec;
import org.musicanalytics.lambdalocal.SamTemplate.TemplateException;
import org.musicanalytics.lambdalocal.internal.SpringSourceLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code music-analytics lambda-local}: serves a SAM template's functions through the
 * Lambda Invoke API on a local port until SIGTERM or Ctrl-C, like
 * {@code sam local start-lambda} but without Docker (see {@link LocalLambdaEndpoint}).
 *
 * <p>A development tool in a jar of its own, {@code lambda-local/target/lambda-local.jar},
 * which the {@code music-analytics} script runs for {@code music-analytics lambda-local}.
 */
@Command(name = LambdaLocalCommand.NAME, sortOptions = false,
    description = {
        "Serves the functions of a SAM template through the Lambda Invoke API "
            + "(POST /2015-03-31/functions/{name}/invocations) until SIGTERM or Ctrl-C, "
            + "like `sam local start-lambda` but without Docker: each function runs its "
            + "FunctionInvoker on its CodeUri jar, in a class loader of its own.",
        "Then: music-analytics run --target lambda --endpoint-url http://127.0.0.1:3001"},
    footer = {"",
        "Differences from Lambda: one JVM for all functions (the template's "
            + "JAVA_TOOL_OPTIONS do not apply, and only SPRING_CLOUD_FUNCTION_DEFINITION "
            + "and MAIN_CLASS of the environment reach the functions); a call that runs "
            + "past the function's Timeout is answered as timed out but not killed.",
        "",
        "Exit codes: 0 stopped, 1 cannot start (template, missing jars, port), "
            + "2 usage error."})
public final class LambdaLocalCommand implements Callable<Integer> {

  /** The command as users type it, through the {@code music-analytics} script. */
  public static final String NAME = "music-analytics lambda-local";

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--template", paramLabel = "FILE", defaultValue = "template.yaml",
      description = "SAM template whose AWS::Serverless::Function resources are served; "
          + "CodeUri is relative to it (default: ${DEFAULT-VALUE}).")
  Path template;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "3001",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}, "
          + "as sam local start-lambda).")
  int port;

  @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only; "
          + "the endpoint has no authentication).")
  String bind;

  @Option(names = "--warm",
      description = "Start every function now rather than on its first call (no cold "
          + "start inside the first call).")
  boolean warm;

  @Option(names = "--quiet", description = "Do not log each invocation.")
  boolean quiet;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.setOut(new SpringSourceLines(System.out));
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, whose usage errors are one line and a pointer to {@code --help}, as
   * {@code music-analytics}'s other commands report them. Tests set its output streams
   * with {@link CommandLine#setOut} and {@link CommandLine#setErr}.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new LambdaLocalCommand())
        .setParameterExceptionHandler((e, args) -> failure(e.getCommandLine(),
            CommandLine.ExitCode.USAGE, NAME + ": " + e.getMessage(),
            "Run '" + NAME + " --help' for usage."))
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(commandLine,
            CommandLine.ExitCode.SOFTWARE, "music-analytics: unexpected error: " + e));
  }

  /** Prints {@code lines} on the command's standard error and returns {@code exitCode}. */
  private static int failure(CommandLine commandLine, int exitCode, String... lines) {
    PrintWriter err = commandLine.getErr();
    for (String line : lines) {
      err.println(line);
    }
    err.flush();
    return exitCode;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--port must be from 0 to 65535, was " + port);
    }
    LocalLambdaEndpoint endpoint = null;
    try {
      SamTemplate functions = SamTemplate.read(template);
      if (functions.functions().isEmpty()) {
        err.println(NAME + ": " + template
            + " has no AWS::Serverless::Function resources");
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
      }
      endpoint = LocalLambdaEndpoint.start(functions, new InetSocketAddress(bind, port),
          quiet ? line -> {} : line -> {
            synchronized (out) {
              out.println(line);
              out.flush();
            }
          });
      out.printf("Lambda Invoke API at %s for %s:%n", endpoint.endpoint(), template);
      for (FunctionSpec function : functions.functions().values()) {
        out.printf("  %-16s %s (%s)%n", function.logicalId(),
            function.environment().getOrDefault("SPRING_CLOUD_FUNCTION_DEFINITION", "?"),
            Path.of("").toAbsolutePath().relativize(function.codeUri()));
      }
      out.flush();
      if (warm) {
        endpoint.initializeAll();
        out.println("All functions started.");
        out.flush();
      }
    } catch (TemplateException | IOException e) {
      if (endpoint != null) {
        endpoint.close();
      }
      err.println(NAME + ": " + (e instanceof BindException
          ? "port " + port + " on " + bind + " is in use: choose another with --port"
          : e.getMessage()));
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }

    LocalLambdaEndpoint serving = endpoint;
    CountDownLatch stopped = new CountDownLatch(1);
    Thread shutdownHook = new Thread(() -> {
      serving.close();
      stopped.countDown();
    }, "lambda-local-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        serving.close();
      } catch (IllegalStateException shuttingDown) {
        // The hook is already closing the endpoint.
      }
    }
    return CommandLine.ExitCode.OK;
  }
}
