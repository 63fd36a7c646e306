package org.musicanalytics.client.grpc;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.host.HostConfig;

/**
 * Where each stage's gRPC service is called.
 *
 * <p>The defaults and environment names ({@link Stage#hostVariable()},
 * {@link Stage#portVariable()}, {@link Stage#standardPort()}) are the old deployment's
 * client's:
 * {@code MAPREDUCE_HOST}/{@code MAPREDUCE_PORT} (localhost:50051),
 * {@code USERBEHAVIOR_*} (50053), {@code GENRE_ANALYSIS_*} (50055) and
 * {@code RECOMMENDATION_*} (50057). The local host serves every service on every one of
 * its ports, so any layout reaches it.
 */
public final class ServiceAddresses {

  private static final String DEFAULT_HOST = "localhost";

  private final Map<Stage, HostPort> byStage;

  /** A service address in the environment that is not a valid host and port. */
  public static final class InvalidAddressException extends Exception {
    InvalidAddressException(String message) {
      super(message);
    }
  }

  private ServiceAddresses(Map<Stage, HostPort> byStage) {
    this.byStage = new EnumMap<>(byStage);
  }

  /**
   * Addresses from {@code <PREFIX>_HOST} and {@code <PREFIX>_PORT}, each defaulting as the
   * old client did.
   *
   * @throws InvalidAddressException naming the variables if a host or port is not valid
   */
  public static ServiceAddresses fromEnvironment(Map<String, String> environment)
      throws InvalidAddressException {
    Map<Stage, HostPort> byStage = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      String host = environment.getOrDefault(stage.hostVariable(), "");
      String port = environment.getOrDefault(stage.portVariable(), "");
      try {
        byStage.put(stage, new HostPort(host.isBlank() ? DEFAULT_HOST : host.strip(),
            port.isBlank() ? stage.standardPort() : HostPort.parsePort(port)));
      } catch (IllegalArgumentException e) {
        throw new InvalidAddressException("environment " + stage.hostVariable() + "='"
            + host + "' " + stage.portVariable() + "='" + port + "': " + e.getMessage());
      }
    }
    return new ServiceAddresses(byStage);
  }

  /**
   * Spreads the stages over a host's listen addresses as {@link HostConfig} orders them
   * (MapReduce on the first, Recommendation on the fourth), reusing addresses when there
   * are fewer than four. Every address serves every service, so this is only to
   * use all of them.
   */
  public static ServiceAddresses spreadOver(List<InetSocketAddress> addresses) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no addresses to call");
    }
    Map<Stage, HostPort> byStage = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      int index = stage.ordinal() % addresses.size();
      byStage.put(stage, HostPort.of(addresses.get(index)));
    }
    return new ServiceAddresses(byStage);
  }

  /** These addresses with some stages' replaced. */
  public ServiceAddresses with(Map<Stage, HostPort> replacements) {
    ServiceAddresses changed = new ServiceAddresses(byStage);
    changed.byStage.putAll(replacements);
    return changed;
  }

  /** Where {@code stage} is called. */
  public HostPort of(Stage stage) {
    return byStage.get(stage);
  }

  @Override
  public String toString() {
    return byStage.toString();
  }
}
