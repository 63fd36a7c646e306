package org.musicanalytics.client.run.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * A run that completed: its id, its results document, and its run directory, which holds
 * the document as {@code run_grpc_metrics.json}.
 *
 * @param runId the run's id ({@link RunId})
 * @param document the results document, as written
 * @param directory {@code <results>/runs/<run id>}
 */
public record CompletedRun(String runId, Map<String, Object> document, Path directory) {

  public CompletedRun {
    document = java.util.Collections.unmodifiableMap(document);
  }
}
