package org.musicanalytics.functions;

import java.util.List;

/**
 * A function module's list of stages, found through {@link java.util.ServiceLoader}.
 *
 * <p>Every deployment (the Spring Cloud Function context behind Lambda and the local
 * gRPC host) discovers stages through this one interface, so adding a stage to a module
 * is one line in its provider, not one per deployment.
 */
public interface AnalyticsFunctionProvider {

  /** The stages this module contributes. */
  List<AnalyticsFunction<?, ?>> functions();
}
