package org.musicanalytics.client.run;

/** Where a run's stages are executed. */
public enum Target {
  /** A host started inside the client on free loopback ports, called through real gRPC. */
  EMBEDDED("embedded", "grpc"),
  /** A running host (or the old deployment) at the configured addresses. */
  GRPC("grpc", "grpc"),
  /** The Lambda functions, deployed or behind a local Invoke API endpoint. */
  LAMBDA("lambda", "lambda"),
  /** The functions called directly in this process, no transport: the floor for benchmarks. */
  INPROCESS("inprocess", "inprocess");

  private final String label;
  private final String transport;

  Target(String label, String transport) {
    this.label = label;
    this.transport = transport;
  }

  /** The target's name on the command line and in the results file. */
  public String label() {
    return label;
  }

  /**
   * The transport the stages are reached through ({@code grpc}, {@code lambda} or
   * {@code inprocess}), which the results file records as its {@code workflow}.
   */
  public String transport() {
    return transport;
  }

  @Override
  public String toString() {
    return label;
  }
}
