package org.musicanalytics.lambdalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's {@code template.yaml} served by one {@link LocalLambdaEndpoint} for
 * every test in this JVM, on the real shaded jars that {@code ./mvnw package} builds.
 * Started once (cold starts cost seconds), with every function warm, and closed when the
 * JVM exits.
 */
public final class RealFunctions {

  private static LocalLambdaEndpoint endpoint;

  private RealFunctions() {}

  /** The repository root, from the module directory (Maven) or the root itself. */
  public static Path repository() {
    for (Path candidate : new Path[] {Path.of(".."), Path.of(".")}) {
      if (Files.isRegularFile(candidate.resolve("template.yaml"))
          && Files.isDirectory(candidate.resolve("functions"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("template.yaml not found from "
        + Path.of("").toAbsolutePath());
  }

  /** The repository's template. */
  public static SamTemplate template() {
    try {
      return SamTemplate.read(repository().resolve("template.yaml"));
    } catch (SamTemplate.TemplateException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * The shared endpoint, started on a free loopback port.
   *
   * @throws UncheckedIOException if a jar is missing (the message says to run
   *     {@code ./mvnw package}) or a function fails to start
   */
  public static synchronized LocalLambdaEndpoint endpoint() {
    if (endpoint == null) {
      try {
        LocalLambdaEndpoint started = LocalLambdaEndpoint.startOnLoopback(template(), 0);
        try {
          started.initializeAll();
        } catch (IOException e) {
          started.close();
          throw e;
        }
        endpoint = started;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return endpoint;
  }
}
