package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.musicanalytics.functions.aws.internal.InvokeOnce;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the function modules' Lambda tests share: the repository's event files and
 * {@code template.yaml}, a real {@link FunctionInvoker} built the way the Lambda runtime
 * builds it, and a run of a shaded {@code -aws.jar} in a separate JVM.
 */
public final class LambdaTestSupport {

  /** Longest a separate-JVM invocation may take: far longer than a cold start. */
  private static final long JAR_RUN_TIMEOUT_SECONDS = 60;

  /** {@code <definition>.json} (plain invoke) or {@code <definition>-http.json} (HTTP API). */
  private static final Pattern EVENT_FILE_NAME =
      Pattern.compile("([a-z][A-Za-z0-9]*)(-http)?\\.json");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LambdaTestSupport() {}

  /** The repository root: the nearest directory up from the working one holding events/. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("events"))
          && Files.isRegularFile(d.resolve("template.yaml"))) {
        return d;
      }
    }
    throw new IllegalStateException("No events/ and template.yaml above " + dir);
  }

  /** {@code events/<function>.json}, the plain invoke event of a function. */
  public static Path eventFile(String function) {
    return repositoryRoot().resolve("events").resolve(function + ".json");
  }

  /** The bytes of {@link #eventFile}. */
  public static byte[] event(String function) {
    try {
      return Files.readAllBytes(eventFile(function));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One file of {@code events/}, usable as {@code sam local invoke <Function> -e <file>}.
   *
   * @param definition the function it is for: the file name up to {@code .json} or
   *     {@code -http.json}
   * @param http true for {@code <definition>-http.json}, an API Gateway HTTP API event
   *     (payload format 2.0) whose body is the request; false for a plain invoke event,
   *     which is the request itself
   */
  public record EventFile(Path path, String definition, boolean http) {

    /** The file name, e.g. {@code aggregateStream-http.json}. */
    public String name() {
      return path.getFileName().toString();
    }

    /** The event as the Lambda runtime would pass it. */
    public byte[] bytes() {
      try {
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The request JSON the event carries: the file, or the HTTP event's (decoded) body. */
    public String requestJson() {
      if (!http) {
        return new String(bytes(), StandardCharsets.UTF_8);
      }
      JsonNode event = JSON.readTree(bytes());
      String body = event.path("body").asString();
      return event.path("isBase64Encoded").asBoolean()
          ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /**
   * Every file of {@code events/}, by name. A JSON file not named
   * {@code <definition>.json} or {@code <definition>-http.json} fails: no event is left
   * outside the tests that run them.
   */
  public static List<EventFile> eventFiles() {
    try (Stream<Path> files = Files.list(repositoryRoot().resolve("events"))) {
      return files.sorted().map(path -> {
        Matcher name = EVENT_FILE_NAME.matcher(path.getFileName().toString());
        if (!name.matches()) {
          throw new AssertionError("events/" + path.getFileName()
              + " is not named <definition>.json or <definition>-http.json");
        }
        return new EventFile(path, name.group(1), name.group(2) != null);
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The event files of the functions whose {@code CodeUri} is this module's jar (the module
   * the tests run in): the events this module's FunctionInvoker test must answer.
   */
  public static List<EventFile> moduleEventFiles() {
    Set<String> definitions = moduleFunctions().stream()
        .map(TemplateFunction::definition)
        .collect(Collectors.toSet());
    return eventFiles().stream().filter(file -> definitions.contains(file.definition())).toList();
  }

  /** The functions of template.yaml whose {@code CodeUri} is this module's jar. */
  public static List<TemplateFunction> moduleFunctions() {
    Path module = Path.of("").toAbsolutePath().normalize();
    List<TemplateFunction> functions = templateFunctions().stream()
        .filter(function -> function.codePath().startsWith(module))
        .toList();
    assertThat(functions).as("functions of template.yaml built by " + module).isNotEmpty();
    return functions;
  }

  /**
   * For each function of template.yaml this module builds, a test of the built jar: it is
   * the jar the function's {@code CodeUri} names; it holds the handler, the
   * {@code MAIN_CLASS} and the function definition ({@link #assertJarHolds}); and, run in a
   * fresh JVM with the function's environment (its {@code JAVA_TOOL_OPTIONS} included), it
   * answers each of the function's event files, checked by {@code checks}, and writes one
   * valid EMF metrics line for it ({@link EmbeddedMetricFormat}).
   *
   * @param checks the check of a sample response, by function definition
   */
  public static Stream<DynamicTest> awsJarTests(Map<String, Consumer<byte[]>> checks) {
    Path jar = shadedJar();
    List<EventFile> events = moduleEventFiles();
    DynamicTest factories = dynamicTest("merged META-INF/spring.factories",
        () -> ShadedSpringFactories.check(jar));
    return Stream.concat(Stream.of(factories), moduleFunctions().stream().map(function ->
        dynamicTest(
        function.logicalId() + " (" + function.definition() + ")", () -> {
          assertThat(function.codePath()).as(function.logicalId() + " CodeUri").isEqualTo(jar);
          assertJarHolds(jar, function);
          List<EventFile> own = events.stream()
              .filter(event -> event.definition().equals(function.definition())).toList();
          assertThat(own).as("events of " + function.definition()).isNotEmpty();
          for (EventFile event : own) {
            JarRun run = runJar(jar, function.environment(), event.path());
            assertThat(run.exitCode()).as(event.name() + ": " + run.stderr()).isZero();
            String toolOptions = function.environment().get("JAVA_TOOL_OPTIONS");
            if (toolOptions != null) {
              // The JVM took the template's flags (it refuses to start on a bad one).
              assertThat(run.stderr()).contains("Picked up JAVA_TOOL_OPTIONS: " + toolOptions);
            }
            // Its CloudWatch metrics: one EMF line, on standard error (InvokeOnce keeps
            // standard output for the response).
            List<String> metrics = EmbeddedMetricFormat.emfLines(run.stderr());
            assertThat(metrics).as("EMF lines of " + event.name()).hasSize(1);
            JsonNode line = EmbeddedMetricFormat.check(metrics.get(0));
            assertThat(line.path("Function").asString()).isEqualTo(function.definition());
            assertThat(line.path("ColdStart").asInt()).as("ColdStart").isEqualTo(1);
            byte[] json = event.http() ? apiGatewayBody(run.stdout(), 200) : run.stdout();
            assertThat(checks).as("checks").containsKey(function.definition());
            checks.get(function.definition()).accept(json);
          }
        })));
  }

  /**
   * The function's HTTP API event ({@code events/<definition>-http.json}) with its body
   * replaced by {@code body}, sent as text: how a client's malformed request arrives.
   */
  public static String httpEvent(String definition, String body) {
    Path file = repositoryRoot().resolve("events").resolve(definition + "-http.json");
    ObjectNode event;
    try {
      event = (ObjectNode) JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    event.put("body", body).put("isBase64Encoded", false);
    ((ObjectNode) event.path("headers")).put("content-length",
        String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
    return JSON.writeValueAsString(event);
  }

  /**
   * Checks that {@code response} is the API Gateway proxy response FunctionInvoker writes
   * for an HTTP API event: {@code statusCode}, a JSON {@code content-type} header, a body
   * that is text ({@code isBase64Encoded} false). Returns the body.
   */
  public static byte[] apiGatewayBody(byte[] response, int statusCode) {
    String text = new String(response, StandardCharsets.UTF_8);
    JsonNode node = JSON.readTree(response);
    assertThat(node.path("statusCode").isInt()).as("statusCode of " + text).isTrue();
    assertThat(node.path("statusCode").asInt()).as("statusCode of " + text).isEqualTo(statusCode);
    assertThat(node.path("headers").path("content-type").asString()).as("content-type of " + text)
        .isEqualTo("application/json");
    assertThat(node.path("isBase64Encoded").isBoolean()).as("isBase64Encoded of " + text).isTrue();
    assertThat(node.path("isBase64Encoded").asBoolean()).as("isBase64Encoded of " + text).isFalse();
    assertThat(node.path("body").isString()).as("body of " + text).isTrue();
    return node.path("body").asString().getBytes(StandardCharsets.UTF_8);
  }

  /** The body of a 4xx API Gateway response: {@code {"error", "message"[, "field"]}}. */
  public static JsonNode apiGatewayError(byte[] response, int statusCode) {
    JsonNode error = JSON.readTree(apiGatewayBody(response, statusCode));
    assertThat(error.path("error").isString()).as("error of " + error).isTrue();
    assertThat(error.path("message").isString()).as("message of " + error).isTrue();
    return error;
  }

  /**
   * A {@link FunctionInvoker} for one function definition, found as on Lambda: the
   * application from {@code MAIN_CLASS} and the function from
   * {@code spring.cloud.function.definition} (here system properties; the template sets
   * the environment variables the invoker reads first).
   */
  public static FunctionInvoker invoker(String definition) {
    System.setProperty("MAIN_CLASS", AnalyticsFunctionsApplication.class.getName());
    System.setProperty("spring.cloud.function.definition", definition);
    try {
      return new FunctionInvoker();
    } finally {
      System.clearProperty("MAIN_CLASS");
      System.clearProperty("spring.cloud.function.definition");
    }
  }

  /** One invocation, as the Lambda runtime makes it. */
  public static byte[] invoke(FunctionInvoker invoker, byte[] event) {
    try {
      return InvokeOnce.invoke(invoker, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One invocation with a JSON event given as text. */
  public static byte[] invoke(FunctionInvoker invoker, String event) {
    return invoke(invoker, event.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a function's JSON response strictly: a field the message does not have fails,
   * so a response in the wrong shape cannot pass as an empty message.
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T parse(byte[] json, Message.Builder builder) {
    try {
      JsonFormat.parser().merge(new String(json, StandardCharsets.UTF_8), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("Response is not the proto3 JSON of "
          + builder.getDescriptorForType().getFullName() + ": "
          + new String(json, StandardCharsets.UTF_8), e);
    }
    return (T) builder.build();
  }

  /**
   * One {@code AWS::Serverless::Function} of {@code template.yaml}.
   *
   * @param properties the resource's properties over the template's {@code Globals}, as SAM
   *     merges them (a resource's value replaces the global one; environment variables,
   *     given in {@code environment}, are merged name by name)
   */
  public record TemplateFunction(String logicalId, String handler, String codeUri,
      Map<String, String> environment, Map<String, Object> properties) {

    /** The CodeUri, resolved against the repository root as SAM resolves it. */
    public Path codePath() {
      return repositoryRoot().resolve(codeUri).normalize();
    }

    /** The function definition the resource selects. */
    public String definition() {
      return environment.get("SPRING_CLOUD_FUNCTION_DEFINITION");
    }
  }

  /** The parsed {@code template.yaml}, CloudFormation short-form tags read as plain values. */
  public static Map<String, Object> template() {
    try (InputStream in = Files.newInputStream(repositoryRoot().resolve("template.yaml"))) {
      return new Yaml(new CloudFormationConstructor()).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code AWS::Serverless::Function} of {@code template.yaml}, in template order. */
  @SuppressWarnings("unchecked")
  public static List<TemplateFunction> templateFunctions() {
    Map<String, Object> resources = (Map<String, Object>) template().get("Resources");
    Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>)
        template().getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of());
    List<TemplateFunction> functions = new ArrayList<>();
    for (Map.Entry<String, Object> entry : resources.entrySet()) {
      Map<String, Object> resource = (Map<String, Object>) entry.getValue();
      if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
        continue;
      }
      Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
      Map<String, String> environment = new LinkedHashMap<>(variables(globals));
      environment.putAll(variables(properties));
      Map<String, Object> merged = new LinkedHashMap<>(globals);
      merged.putAll(properties);
      functions.add(new TemplateFunction(entry.getKey(),
          (String) merged.get("Handler"), (String) merged.get("CodeUri"), environment, merged));
    }
    return functions;
  }

  /** The template's function resource whose definition is {@code definition}. */
  public static TemplateFunction templateFunction(String definition) {
    return templateFunctions().stream()
        .filter(f -> definition.equals(f.definition()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(
            "template.yaml has no function with SPRING_CLOUD_FUNCTION_DEFINITION " + definition));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> variables(Map<String, Object> properties) {
    Map<String, Object> environment =
        (Map<String, Object>) properties.getOrDefault("Environment", Map.of());
    Map<String, Object> variables =
        (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
    Map<String, String> result = new LinkedHashMap<>();
    variables.forEach((name, value) -> result.put(name, String.valueOf(value)));
    return result;
  }

  /** The module's shaded jar, which failsafe names in system property {@code aws.jar}. */
  public static Path shadedJar() {
    String jar = System.getProperty("aws.jar");
    if (jar == null) {
      throw new IllegalStateException(
          "System property aws.jar is unset: run this test through failsafe (mvn verify)");
    }
    return Path.of(jar).toAbsolutePath().normalize();
  }

  /**
   * Checks that {@code jar} holds what template.yaml names for {@code function}, each
   * loaded from the jar alone (no test class path): the handler class, a
   * {@code RequestStreamHandler} with the handler's method; the {@code MAIN_CLASS}, an
   * {@code ApplicationContextInitializer} as FunctionInvoker's functional start needs;
   * and a stage registered under the function definition.
   */
  public static void assertJarHolds(Path jar, TemplateFunction function) throws Exception {
    assertThat(jar).isRegularFile();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      String[] handler = function.handler().split("::");
      assertThat(handler).as("handler " + function.handler()).hasSize(2);
      Class<?> handlerClass = Class.forName(handler[0], false, loader);
      assertThat(handlerClass.getClassLoader()).as(handler[0] + " from the jar").isSameAs(loader);
      Class<?> streamHandler = Class.forName(
          "com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
      assertThat(streamHandler.isAssignableFrom(handlerClass))
          .as(handler[0] + " handles streams").isTrue();
      assertThat(handlerClass.getMethod(handler[1], InputStream.class, OutputStream.class,
          Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader)))
          .as(function.handler()).isNotNull();

      String mainClassName = function.environment().get("MAIN_CLASS");
      assertThat(mainClassName).as("MAIN_CLASS of " + function.logicalId()).isNotBlank();
      Class<?> mainClass = Class.forName(mainClassName, false, loader);
      assertThat(mainClass.getClassLoader()).as(mainClassName + " from the jar").isSameAs(loader);
      assertThat(Class.forName("org.springframework.context.ApplicationContextInitializer",
          false, loader).isAssignableFrom(mainClass))
          .as(mainClassName + " is an ApplicationContextInitializer").isTrue();

      // The stages the jar's AnalyticsFunctionsApplication registers: AnalyticsFunctions.load.
      Class<?> stages = Class.forName("org.musicanalytics.functions.AnalyticsFunctions", true,
          loader);
      Map<?, ?> registered = (Map<?, ?>) stages.getMethod("load", ClassLoader.class)
          .invoke(null, loader);
      assertThat(registered.keySet().stream().map(String::valueOf).toList())
          .as("functions registered by " + jar.getFileName())
          .contains(function.definition());
    }
  }

  /** What a separate JVM printed and how it ended. */
  public record JarRun(int exitCode, byte[] stdout, String stderr) {}

  /**
   * Runs {@code java -jar jar event} in a fresh JVM with {@code environment} added, from
   * the repository root: the jar's main class constructs a {@link FunctionInvoker} and
   * invokes it once.
   */
  public static JarRun runJar(Path jar, Map<String, String> environment, Path event)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("aws-jar-stdout", ".json");
    Path stderr = Files.createTempFile("aws-jar-stderr", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", jar.toString(), event.toString())
          .directory(repositoryRoot().toFile())
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(JAR_RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(jar.getFileName() + " did not answer within "
            + JAR_RUN_TIMEOUT_SECONDS + " s:\n" + Files.readString(stderr));
      }
      return new JarRun(process.exitValue(), Files.readAllBytes(stdout),
          Files.readString(stderr));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  /**
   * Reads the CloudFormation short forms as their JSON form: {@code !Ref X} as
   * {@code {"Ref": "X"}}, {@code !GetAtt A.B} as {@code {"Fn::GetAtt": ["A", "B"]}}, any
   * other {@code !F value} as {@code {"Fn::F": value}}.
   */
  private static final class CloudFormationConstructor extends SafeConstructor {

    CloudFormationConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(null, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          String function = node.getTag().getValue().substring(1);
          Object value;
          if (node instanceof ScalarNode scalar) {
            value = constructScalar(scalar);
          } else if (node instanceof SequenceNode sequence) {
            value = constructSequence(sequence);
          } else {
            value = constructMapping((MappingNode) node);
          }
          if (function.equals("Ref") || function.equals("Condition")) {
            return Map.of(function, value);
          }
          if (function.equals("GetAtt") && value instanceof String name) {
            int dot = name.indexOf('.');
            value = List.of(name.substring(0, dot), name.substring(dot + 1));
          }
          return Map.of("Fn::" + function, value);
        }
      });
    }
  }
}
