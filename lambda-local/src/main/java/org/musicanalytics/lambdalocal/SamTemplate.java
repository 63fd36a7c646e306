package org.musicanalytics.lambdalocal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code AWS::Serverless::Function} resources of a SAM template, read as
 * {@code sam local start-lambda} reads them: each function under its logical id, with the
 * template's {@code Globals.Function} merged in (scalars overridden by the function,
 * environment variables merged, the function's winning).
 *
 * <p>CloudFormation short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) are
 * accepted anywhere, since a template outside the functions uses them freely; a setting
 * this reader needs (code location, handler, environment) that is such an expression
 * cannot be resolved locally and is reported as an error naming the setting.
 */
public final class SamTemplate {

  /** SAM's default function timeout, in seconds. */
  static final int DEFAULT_TIMEOUT_SECONDS = 3;
  /** SAM's default function memory, in MB. */
  static final int DEFAULT_MEMORY_MB = 128;

  private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";

  private final Path path;
  private final Map<String, FunctionSpec> functions;

  private SamTemplate(Path path, Map<String, FunctionSpec> functions) {
    this.path = path;
    this.functions = Collections.unmodifiableMap(functions);
  }

  /**
   * One function of the template.
   *
   * @param logicalId the resource's logical id, the name {@code sam local} invokes it by
   * @param functionName the {@code FunctionName} property, if set to a plain string
   * @param codeUri the code location, resolved against the template's directory
   * @param handler e.g.
   *     {@code org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest}
   * @param timeoutSeconds the function timeout
   * @param memoryMb the function memory
   * @param environment the function's environment variables, globals included
   */
  public record FunctionSpec(String logicalId, Optional<String> functionName, Path codeUri,
      String handler, int timeoutSeconds, int memoryMb, Map<String, String> environment) {

    public FunctionSpec {
      environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** The handler's class name: the handler up to {@code ::}. */
    public String handlerClass() {
      int separator = handler.indexOf("::");
      return separator < 0 ? handler : handler.substring(0, separator);
    }
  }

  /** A value written with a CloudFormation short-form tag, e.g. {@code !Ref Stage}. */
  record Unresolved(String tag, Object value) {
    @Override
    public String toString() {
      return tag + " " + value;
    }
  }

  /**
   * Reads the template at {@code path}.
   *
   * @throws TemplateException if it cannot be read, is not YAML, or a function is
   *     incomplete; the message names the file and the setting
   */
  public static SamTemplate read(Path path) throws TemplateException {
    Object document;
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      document = new Yaml(new CloudFormationConstructor()).load(reader);
    } catch (NoSuchFileException e) {
      throw new TemplateException("template not found: " + path);
    } catch (IOException e) {
      throw new TemplateException("cannot read template " + path + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new TemplateException(path + " is not valid YAML: "
          + e.getMessage().replaceAll("\\s+", " "), e);
    }
    Path directory = path.toAbsolutePath().getParent();
    Map<String, Object> root = map(document, path + "", path);
    Map<String, Object> globals = map(map(root.get("Globals"), "Globals", path)
        .get("Function"), "Globals.Function", path);
    Map<String, Object> resources = map(root.get("Resources"), "Resources", path);
    Map<String, FunctionSpec> functions = new LinkedHashMap<>();
    for (Map.Entry<String, Object> resource : resources.entrySet()) {
      String where = "Resources." + resource.getKey();
      Map<String, Object> definition = map(resource.getValue(), where, path);
      if (!SERVERLESS_FUNCTION.equals(definition.get("Type"))) {
        continue;
      }
      functions.put(resource.getKey(), function(resource.getKey(), globals,
          map(definition.get("Properties"), where + ".Properties", path), directory, path));
    }
    return new SamTemplate(path, functions);
  }

  /** The template file. */
  public Path path() {
    return path;
  }

  /** The functions by logical id, in template order. */
  public Map<String, FunctionSpec> functions() {
    return functions;
  }

  private static FunctionSpec function(String id, Map<String, Object> globals,
      Map<String, Object> properties, Path directory, Path template) throws TemplateException {
    String where = "Resources." + id + ".Properties";
    Map<String, Object> merged = new LinkedHashMap<>(globals);
    merged.putAll(properties);
    Map<String, String> environment = new LinkedHashMap<>();
    putVariables(environment, globals, "Globals.Function", template);
    putVariables(environment, properties, where, template);

    Object functionName = merged.get("FunctionName");
    return new FunctionSpec(id,
        functionName instanceof String name ? Optional.of(name) : Optional.empty(),
        directory.resolve(string(merged, "CodeUri", where, template)).normalize(),
        string(merged, "Handler", where, template),
        integer(merged, "Timeout", DEFAULT_TIMEOUT_SECONDS, where, template),
        integer(merged, "MemorySize", DEFAULT_MEMORY_MB, where, template),
        environment);
  }

  private static void putVariables(Map<String, String> environment, Map<String, Object> owner,
      String where, Path template) throws TemplateException {
    Map<String, Object> variables = map(map(owner.get("Environment"), where + ".Environment",
        template).get("Variables"), where + ".Environment.Variables", template);
    for (Map.Entry<String, Object> variable : variables.entrySet()) {
      Object value = variable.getValue();
      // An unresolvable value is kept as written; it is an error only where it is used.
      environment.put(variable.getKey(), value == null ? "" : String.valueOf(value));
    }
  }

  private static String string(Map<String, Object> properties, String key, String where,
      Path template) throws TemplateException {
    Object value = properties.get(key);
    if (value instanceof Unresolved unresolved) {
      throw new TemplateException(template + ": " + where + "." + key + " is " + unresolved
          + ", which cannot be resolved locally; write it as a plain value");
    }
    if (value == null || value instanceof Map || value instanceof List) {
      throw new TemplateException(template + ": " + where + "." + key
          + (value == null ? " is missing (and not in Globals.Function)" : " is not a string"));
    }
    return String.valueOf(value);
  }

  private static int integer(Map<String, Object> properties, String key, int fallback,
      String where, Path template) throws TemplateException {
    Object value = properties.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Integer number) {
      return number;
    }
    throw new TemplateException(template + ": " + where + "." + key + " is " + value
        + ", expected a whole number");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String where, Path template)
      throws TemplateException {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new TemplateException(template + ": " + where + " is not a mapping");
  }

  /** A safe YAML constructor that keeps CloudFormation's local tags as {@link Unresolved}. */
  private static final class CloudFormationConstructor extends SafeConstructor {

    CloudFormationConstructor() {
      super(new LoaderOptions());
      yamlMultiConstructors.put("!", new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          Object value;
          if (node instanceof ScalarNode scalar) {
            value = constructScalar(scalar);
          } else if (node instanceof SequenceNode sequence) {
            value = constructSequence(sequence);
          } else {
            value = constructMapping((MappingNode) node);
          }
          return new Unresolved(node.getTag().getValue(), value);
        }
      });
    }
  }

  /** A template that cannot be used: the message names the file and the setting. */
  public static final class TemplateException extends Exception {
    public TemplateException(String message) {
      super(message);
    }

    public TemplateException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
