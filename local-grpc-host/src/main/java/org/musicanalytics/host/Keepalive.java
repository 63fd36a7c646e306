package org.musicanalytics.host;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the host keeps connections alive, and how long it keeps them.
 *
 * <p>The defaults suit a long-lived host whose clients are scheduled jobs: dead peers are
 * found within minutes, no well-behaved client is cut off for pinging, and no connection
 * lives forever, so clients spread over new host instances behind a load balancer.
 *
 * @param time idle time after which the host pings a client to check it is there (0:
 *     never)
 * @param timeout how long the host waits for the ping's answer before closing the
 *     connection
 * @param permitTime the shortest interval at which a client may ping; a client pinging
 *     more often is sent GOAWAY ("too_many_pings") (0: any)
 * @param maxConnectionIdle a connection without calls for this long is closed
 *     gracefully (0: never)
 * @param maxConnectionAge a connection this old is closed gracefully, its calls finishing
 *     first; gRPC adds +-10% jitter (0: never)
 * @param maxConnectionAgeGrace how long calls on a connection closed for its age may still
 *     run before they are cancelled
 */
public record Keepalive(Duration time, Duration timeout, Duration permitTime,
    Duration maxConnectionIdle, Duration maxConnectionAge, Duration maxConnectionAgeGrace) {

  /**
   * 60 s: finds a vanished client (a half-open TCP connection) within about 80 s with the
   * timeout, and keeps NAT and load-balancer mappings alive, whose idle timeouts are
   * often 60 to 350 s; one small frame a minute per idle connection costs nothing.
   */
  public static final Duration DEFAULT_TIME = Duration.ofSeconds(60);

  /** 20 s, gRPC's default: long enough for a loaded machine to answer a ping. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /**
   * 10 s: the shortest keepalive interval gRPC clients allow themselves, so no client
   * configured within gRPC's bounds is cut off (gRPC's server default, 5 min, cuts off
   * clients pinging every 30 s, a common setting). Pings are allowed on idle connections
   * too.
   */
  public static final Duration DEFAULT_PERMIT_TIME = Duration.ofSeconds(10);

  /**
   * 5 min: frees what a client that stopped calling holds; a client that calls again
   * reconnects transparently.
   */
  public static final Duration DEFAULT_MAX_CONNECTION_IDLE = Duration.ofMinutes(5);

  /**
   * 30 min: long enough that reconnecting costs nothing, short enough that clients move to
   * new host instances (after a scale-out or a DNS change) within the half hour.
   */
  public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofMinutes(30);

  /**
   * 5 min: the client's default deadline per call ({@code --call-timeout 300}), so no call
   * its client still waits for is cut off when its connection ages out.
   */
  public static final Duration DEFAULT_MAX_CONNECTION_AGE_GRACE = Duration.ofMinutes(5);

  /** Environment variables, in seconds (decimals allowed), in component order. */
  public static final String TIME_VARIABLE = "HOST_KEEPALIVE_TIME";
  /** See {@link #TIME_VARIABLE}. */
  public static final String TIMEOUT_VARIABLE = "HOST_KEEPALIVE_TIMEOUT";
  /** See {@link #TIME_VARIABLE}. */
  public static final String PERMIT_TIME_VARIABLE = "HOST_PERMIT_KEEPALIVE_TIME";
  /** See {@link #TIME_VARIABLE}. */
  public static final String MAX_CONNECTION_IDLE_VARIABLE = "HOST_MAX_CONNECTION_IDLE";
  /** See {@link #TIME_VARIABLE}. */
  public static final String MAX_CONNECTION_AGE_VARIABLE = "HOST_MAX_CONNECTION_AGE";
  /** See {@link #TIME_VARIABLE}. */
  public static final String MAX_CONNECTION_AGE_GRACE_VARIABLE =
      "HOST_MAX_CONNECTION_AGE_GRACE";

  /** What 0 means for the settings that take it, as error messages say it. */
  static final String OFF = "turns it off";
  static final String ANY = "permits any rate";
  static final String AT_ONCE = "cancels them at once";

  /**
   * @throws IllegalArgumentException if a duration is negative, longer than a day, or 0
   *     where 0 means nothing ({@code timeout})
   */
  public Keepalive {
    HostSettingsReader.checkDuration(Objects.requireNonNull(time, "time"), "keepalive time",
        OFF);
    HostSettingsReader.checkDuration(Objects.requireNonNull(timeout, "timeout"),
        "keepalive timeout", null);
    HostSettingsReader.checkDuration(Objects.requireNonNull(permitTime, "permitTime"),
        "permitted keepalive time", ANY);
    HostSettingsReader.checkDuration(
        Objects.requireNonNull(maxConnectionIdle, "maxConnectionIdle"),
        "max connection idle", OFF);
    HostSettingsReader.checkDuration(
        Objects.requireNonNull(maxConnectionAge, "maxConnectionAge"),
        "max connection age", OFF);
    HostSettingsReader.checkDuration(
        Objects.requireNonNull(maxConnectionAgeGrace, "maxConnectionAgeGrace"),
        "max connection age grace", AT_ONCE);
  }

  /** The defaults, each stated with its reason on its constant. */
  public static Keepalive defaults() {
    return new Keepalive(DEFAULT_TIME, DEFAULT_TIMEOUT, DEFAULT_PERMIT_TIME,
        DEFAULT_MAX_CONNECTION_IDLE, DEFAULT_MAX_CONNECTION_AGE,
        DEFAULT_MAX_CONNECTION_AGE_GRACE);
  }

  /**
   * The settings of the {@code HOST_*} variables above, in seconds, each defaulting when
   * unset or blank.
   *
   * @throws IllegalArgumentException naming the variable whose value is bad
   */
  public static Keepalive fromEnvironment(Map<String, String> env) {
    Keepalive d = defaults();
    return new Keepalive(
        seconds(env, TIME_VARIABLE, d.time, OFF),
        seconds(env, TIMEOUT_VARIABLE, d.timeout, null),
        seconds(env, PERMIT_TIME_VARIABLE, d.permitTime, ANY),
        seconds(env, MAX_CONNECTION_IDLE_VARIABLE, d.maxConnectionIdle, OFF),
        seconds(env, MAX_CONNECTION_AGE_VARIABLE, d.maxConnectionAge, OFF),
        seconds(env, MAX_CONNECTION_AGE_GRACE_VARIABLE, d.maxConnectionAgeGrace, AT_ONCE));
  }

  private static Duration seconds(Map<String, String> env, String variable, Duration otherwise,
      String zeroMeans) {
    String value = HostSettingsReader.value(env, variable);
    return value == null ? otherwise : HostSettingsReader.seconds(value, variable, zeroMeans);
  }
}
