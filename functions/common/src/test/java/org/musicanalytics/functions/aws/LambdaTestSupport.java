package org.musicanalytics.functions.aws;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/**
 * What the function modules' Lambda tests share: the repository's event files and
 * {@code template.yaml}, a real {@link FunctionInvoker} built the way the Lambda runtime
 * builds it, and a run of a shaded {@code -aws.jar} in a separate JVM.
 */
public final class LambdaTestSupport {

  /** Longest a separate-JVM invocation may take; a cold start is about 1.5 s here. */
  private static final long JAR_RUN_TIMEOUT_SECONDS = 60;

  private LambdaTestSupport() {}

  /** The repository root: the nearest directory up from the working one holding events/. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("events")) && Files.isRegularFile(d.resolve("template.yaml"))) {
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

  /** One {@code AWS::Serverless::Function} of {@code template.yaml}. */
  public record TemplateFunction(String logicalId, String handler, String codeUri,
      Map<String, String> environment) {

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
      functions.add(new TemplateFunction(entry.getKey(),
          (String) properties.getOrDefault("Handler", globals.get("Handler")),
          (String) properties.getOrDefault("CodeUri", globals.get("CodeUri")), environment));
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

  /** Reads !Ref, !Sub, !GetAtt and the like as the plain value they tag. */
  private static final class CloudFormationConstructor extends SafeConstructor {

    CloudFormationConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(null, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          if (node instanceof ScalarNode scalar) {
            return constructScalar(scalar);
          }
          if (node instanceof SequenceNode sequence) {
            return constructSequence(sequence);
          }
          return constructMapping((MappingNode) node);
        }
      });
    }
  }
}
