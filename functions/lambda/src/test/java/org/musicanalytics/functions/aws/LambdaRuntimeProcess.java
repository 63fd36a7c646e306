package org.musicanalytics.functions.aws;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Invocation;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;

/**
 * One function of {@code template.yaml} running in the real AWS Lambda Java runtime
 * interface client, in a separate JVM that talks to a {@link LambdaRuntimeApiServer} on
 * loopback: the nearest this machine, without Docker or the SAM CLI, gets to
 * {@code sam local invoke}.
 *
 * <p>The process is laid out as the managed {@code java21} runtime lays out its own: a task
 * root holding the deployment jar in {@code lib/}, the client on the JVM's class path, and
 * the variables Lambda sets plus the template's, inheriting nothing else. Unlike Lambda,
 * the JVM is the one running the tests and nothing freezes the process between
 * invocations.
 */
public final class LambdaRuntimeProcess implements AutoCloseable {

  /** The client's entry point; its argument is the handler string. */
  static final String RUNTIME_MAIN_CLASS =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /**
   * One class from each jar the runtime's class path needs, found where the test's own
   * class path has it. The client's manifest declares the same three libraries.
   */
  private static final List<String> RUNTIME_CLASSES = List.of(
      RUNTIME_MAIN_CLASS,
      // aws-lambda-java-core: Context, the handler interfaces, LambdaRuntime's logger.
      "com.amazonaws.services.lambda.runtime.Context",
      // aws-lambda-java-serialization: the client's reflection helpers and POJO serializers.
      "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
      // the AWS SDK's utils-lite: where the client keeps the X-Ray trace id.
      "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

  /** What the client reads instead of unpacking its library to /tmp/.libaws-lambda-jni.so. */
  private static final String NATIVE_LIBRARY_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final LambdaRuntimeApiServer api;
  private final Path directory;
  private final Path log;
  private final Duration invokeTimeout;

  private LambdaRuntimeProcess(Process process, LambdaRuntimeApiServer api, Path directory,
      Path log, Duration invokeTimeout) {
    this.process = process;
    this.api = api;
    this.directory = directory;
    this.log = log;
    this.invokeTimeout = invokeTimeout;
  }

  /**
   * Starts the runtime on {@code jar} for a function of the template, with the template's
   * handler, environment, memory size and timeout.
   *
   * @param invokeTimeout the longest one invocation may take, the cold start included
   */
  public static LambdaRuntimeProcess start(TemplateFunction function, Path jar,
      Duration invokeTimeout) throws IOException {
    int memory = Integer.parseInt(String.valueOf(function.properties().get("MemorySize")));
    String name = function.logicalId();
    String arn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;

    Path directory = Files.createTempDirectory("lambda-runtime-");
    LambdaRuntimeApiServer api = null;
    try {
      Path taskRoot = Files.createDirectory(directory.resolve("task"));
      link(jar, Files.createDirectory(taskRoot.resolve("lib")).resolve(jar.getFileName()));
      Path runtimeDir = Files.createDirectory(directory.resolve("runtime"));
      Path nativeLibrary = unpackNativeLibrary(runtimeDir);
      Path log = directory.resolve("runtime.log");
      api = LambdaRuntimeApiServer.start(arn);

      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // The heap Lambda allows a function of this size; serial GC as on a small VM.
          "-XX:MaxHeapSize=" + (memory * 85 / 100) + "m",
          "-XX:+UseSerialGC",
          "-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary,
          "-cp", String.join(File.pathSeparator, runtimeClassPath()),
          RUNTIME_MAIN_CLASS,
          function.handler()));
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(taskRoot.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      Map<String, String> environment = builder.environment();
      environment.clear();
      environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      // Lambda sets en_US.UTF-8; C.UTF-8 is the UTF-8 locale every glibc image has.
      environment.put("LANG", "C.UTF-8");
      environment.put("TZ", ":UTC");
      environment.put("_HANDLER", function.handler());
      environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      environment.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
      environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
      environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
      environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
      environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
      environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
      environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]runtime-test");
      environment.put("AWS_REGION", REGION);
      environment.put("AWS_DEFAULT_REGION", REGION);
      environment.putAll(function.environment());

      Process process = builder.start();
      LambdaRuntimeApiServer startedApi = api;
      process.onExit().thenRun(() -> startedApi.abort(
          "The runtime exited with status " + process.exitValue() + ":\n" + tail(log)));
      return new LambdaRuntimeProcess(process, api, directory, log, invokeTimeout);
    } catch (IOException | RuntimeException e) {
      if (api != null) {
        api.close();
      }
      delete(directory);
      throw e;
    }
  }

  /**
   * Sends one event through the Runtime API and waits for the runtime's answer.
   *
   * @throws AssertionError when the runtime exits or does not answer in time, with the
   *     end of its log
   */
  public Invocation invoke(byte[] event) throws InterruptedException {
    try {
      return api.invoke(event, invokeTimeout);
    } catch (TimeoutException | IllegalStateException e) {
      throw new AssertionError(e.getMessage() + "\nRuntime log:\n" + tail(log), e);
    }
  }

  /** The Runtime API the process talks to. */
  public LambdaRuntimeApiServer api() {
    return api;
  }

  /** The runtime's process id, the same for every invocation it serves. */
  public long pid() {
    return process.pid();
  }

  /** Whether the runtime process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The end of what the runtime and the function wrote, for assertion messages. */
  public String logTail() {
    return tail(log);
  }

  /** Stops the runtime (forcibly if it does not stop in time) and deletes its files. */
  @Override
  public void close() throws InterruptedException {
    try {
      process.destroy();
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      api.close();
      delete(directory);
    }
  }

  /** The runtime's class path: the jars that hold {@link #RUNTIME_CLASSES}. */
  static List<String> runtimeClassPath() {
    Set<String> jars = new LinkedHashSet<>();
    for (String className : RUNTIME_CLASSES) {
      try {
        Class<?> type =
            Class.forName(className, false, LambdaRuntimeProcess.class.getClassLoader());
        jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("The test class path lacks " + className + ": add "
            + "com.amazonaws:aws-lambda-java-runtime-interface-client as a test dependency", e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return List.copyOf(jars);
  }

  /** Links (or, where links are not supported, copies) the jar into the task root. */
  private static void link(Path jar, Path target) throws IOException {
    try {
      Files.createSymbolicLink(target, jar.toAbsolutePath());
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(jar, target);
    }
  }

  /** The client's JNI library for this machine, copied out of the client's jar. */
  private static Path unpackNativeLibrary(Path runtimeDir) throws IOException {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String platform = switch (arch) {
      case "amd64", "x86_64" -> "linux-x86_64";
      case "aarch64", "arm64" -> "linux-aarch_64";
      default -> throw new IllegalStateException(
          "The runtime interface client ships no native library for " + arch);
    };
    String resource = "/jni/libaws-lambda-jni." + platform + ".so";
    Class<?> client;
    try {
      client = Class.forName(RUNTIME_MAIN_CLASS, false,
          LambdaRuntimeProcess.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("The test class path lacks the runtime interface client", e);
    }
    Path library = runtimeDir.resolve("libaws-lambda-jni.so");
    try (InputStream in = client.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The runtime interface client jar lacks " + resource);
      }
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    return library;
  }

  private static String tail(Path log) {
    try {
      String text = Files.exists(log)
          ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
      return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    } catch (IOException e) {
      return "(runtime log unreadable: " + e + ")";
    }
  }

  private static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
