package org.musicanalytics.functions;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Discovers every {@link AnalyticsFunction} on the class path. */
public final class AnalyticsFunctions {

  private AnalyticsFunctions() {}

  /**
   * Loads the stages of every {@link AnalyticsFunctionProvider} visible to the class loader.
   *
   * @return stages by name, in name order
   * @throws IllegalStateException if two providers contribute the same name
   */
  public static Map<String, AnalyticsFunction<?, ?>> load(ClassLoader classLoader) {
    Map<String, AnalyticsFunction<?, ?>> byName = new TreeMap<>();
    for (AnalyticsFunctionProvider provider :
        ServiceLoader.load(AnalyticsFunctionProvider.class, classLoader)) {
      for (AnalyticsFunction<?, ?> function : provider.functions()) {
        AnalyticsFunction<?, ?> previous = byName.putIfAbsent(function.name(), function);
        if (previous != null) {
          throw new IllegalStateException("Two providers define the function '"
              + function.name() + "': " + previous.function().getClass().getName()
              + " and " + function.function().getClass().getName());
        }
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  /** Loads the stages visible to this class's own class loader. */
  public static Map<String, AnalyticsFunction<?, ?>> load() {
    return load(AnalyticsFunctions.class.getClassLoader());
  }
}
