package dev.baton.agent.config;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects the agent's settings, starting from the documented defaults, and validates them all at
 * once in {@link #build()}: one {@link InvalidConfigException} lists every problem, each naming the
 * field (its YAML path) and the rule.
 */
public final class AgentConfigBuilder {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_JITTER = Duration.ofMillis(250);
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_FENCE_AFTER = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(30);
  public static final String DEFAULT_LISTEN_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_LISTEN_PORT = 7601;
  public static final Path DEFAULT_STATE_FILE = Path.of("/var/lib/baton-agent/state");

  /** Where {@code baton-agent-hooks.socket} listens (docs/agent.md, "Roles and hooks"). */
  public static final String DEFAULT_HOOKS_SOCKET = "/run/baton-agent-hooks.sock";

  /** {@code hooks.socket: none}: hooks run as the agent's own user. */
  public static final String NO_HOOKS_SOCKET = "none";

  /** A Unix socket's path holds at most 107 bytes (sun_path, with its terminating zero). */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  /** A strongly consistent (MRSC) DynamoDB global table has exactly three replica regions. */
  static final int CONTROL_REPLICAS = 3;

  static final Duration MIN_INTERVAL = Duration.ofMillis(200);
  static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
  static final Duration MAX_HOOK_TIMEOUT = Duration.ofMinutes(10);

  private static final Pattern REGION = Pattern.compile("[a-z]{3}[0-9]");
  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-[0-9]");

  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();
  private Set<String> flagged = new HashSet<>();

  private String region;
  private String instanceId;
  private String table;
  private String awsRegion;
  private List<String> controlRegions = List.of();
  private URI awsEndpoint;
  private Duration heartbeatInterval = DEFAULT_INTERVAL;
  private Duration heartbeatJitter = DEFAULT_JITTER;
  private Duration heartbeatTtl = DEFAULT_TTL;
  private Duration fenceAfter = DEFAULT_FENCE_AFTER;
  private URI probeUrl;
  private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
  private int probeExpectedStatus = 200;
  private String probeExpectedBody;
  private Duration probeSlowAfter;
  private String onActive;
  private String onStandby;
  private String onFenced;
  private Duration hookTimeout = DEFAULT_HOOK_TIMEOUT;
  private String hooksSocket = DEFAULT_HOOKS_SOCKET;
  private String listenAddress = DEFAULT_LISTEN_ADDRESS;
  private int listenPort = DEFAULT_LISTEN_PORT;
  private Path stateFile = DEFAULT_STATE_FILE;
  private boolean allowUnsynchronisedClock;
  private boolean outsideProbes = true;

  AgentConfigBuilder() {}

  AgentConfigBuilder(AgentConfig c) {
    region = c.region();
    instanceId = c.instanceId();
    table = c.table();
    awsRegion = c.awsRegion();
    controlRegions = c.controlRegions();
    awsEndpoint = c.awsEndpoint();
    heartbeatInterval = c.heartbeatInterval();
    heartbeatJitter = c.heartbeatJitter();
    heartbeatTtl = c.heartbeatTtl();
    fenceAfter = c.fenceAfter();
    probeUrl = c.probe().url();
    probeTimeout = c.probe().timeout();
    probeExpectedStatus = c.probe().expectedStatus();
    probeExpectedBody = c.probe().expectedBody();
    probeSlowAfter = c.probe().slowAfter();
    onActive = c.hooks().onActive();
    onStandby = c.hooks().onStandby();
    onFenced = c.hooks().onFenced();
    hookTimeout = c.hooks().timeout();
    hooksSocket = c.hooks().socket() == null ? NO_HOOKS_SOCKET : c.hooks().socket().toString();
    listenAddress = c.listen().address();
    listenPort = c.listen().port();
    stateFile = c.stateFile();
    allowUnsynchronisedClock = c.allowUnsynchronisedClock();
    outsideProbes = c.outsideProbes();
  }

  /** Records a problem found while reading a field (a value that did not parse). */
  public AgentConfigBuilder problem(String field, String rule) {
    problems.add(new ConfigProblem(field, rule));
    reported.add(field);
    return this;
  }

  public AgentConfigBuilder region(String v) {
    region = v;
    return this;
  }

  public AgentConfigBuilder instanceId(String v) {
    instanceId = v;
    return this;
  }

  public AgentConfigBuilder table(String v) {
    table = v;
    return this;
  }

  public AgentConfigBuilder awsRegion(String v) {
    awsRegion = v;
    return this;
  }

  /** The control table's replica regions, nearest first; empty for {@code aws.region} alone. */
  public AgentConfigBuilder controlRegions(List<String> v) {
    controlRegions = v;
    return this;
  }

  public AgentConfigBuilder awsEndpoint(URI v) {
    awsEndpoint = v;
    return this;
  }

  public AgentConfigBuilder heartbeatInterval(Duration v) {
    heartbeatInterval = v;
    return this;
  }

  public AgentConfigBuilder heartbeatJitter(Duration v) {
    heartbeatJitter = v;
    return this;
  }

  public AgentConfigBuilder heartbeatTtl(Duration v) {
    heartbeatTtl = v;
    return this;
  }

  public AgentConfigBuilder fenceAfter(Duration v) {
    fenceAfter = v;
    return this;
  }

  public AgentConfigBuilder probeUrl(URI v) {
    probeUrl = v;
    return this;
  }

  public AgentConfigBuilder probeTimeout(Duration v) {
    probeTimeout = v;
    return this;
  }

  public AgentConfigBuilder probeExpectedStatus(int v) {
    probeExpectedStatus = v;
    return this;
  }

  public AgentConfigBuilder probeExpectedBody(String v) {
    probeExpectedBody = v;
    return this;
  }

  /** Null means half of the probe timeout. */
  public AgentConfigBuilder probeSlowAfter(Duration v) {
    probeSlowAfter = v;
    return this;
  }

  public AgentConfigBuilder onActive(String v) {
    onActive = v;
    return this;
  }

  public AgentConfigBuilder onStandby(String v) {
    onStandby = v;
    return this;
  }

  public AgentConfigBuilder onFenced(String v) {
    onFenced = v;
    return this;
  }

  public AgentConfigBuilder hookTimeout(Duration v) {
    hookTimeout = v;
    return this;
  }

  /** An absolute path of the hook runner's socket, or {@code none}. */
  public AgentConfigBuilder hooksSocket(String v) {
    hooksSocket = v;
    return this;
  }

  public AgentConfigBuilder listenAddress(String v) {
    listenAddress = v;
    return this;
  }

  public AgentConfigBuilder listenPort(int v) {
    listenPort = v;
    return this;
  }

  public AgentConfigBuilder stateFile(Path v) {
    stateFile = v;
    return this;
  }

  public AgentConfigBuilder allowUnsynchronisedClock(boolean v) {
    allowUnsynchronisedClock = v;
    return this;
  }

  public AgentConfigBuilder outsideProbes(boolean v) {
    outsideProbes = v;
    return this;
  }

  /**
   * The configuration, when every rule holds.
   *
   * @throws InvalidConfigException listing every problem (parse problems first, then rules)
   */
  public AgentConfig build() {
    List<ConfigProblem> all = new ArrayList<>(problems);
    flagged = new HashSet<>(reported);
    Duration slowAfter =
        probeSlowAfter != null || probeTimeout == null ? probeSlowAfter : probeTimeout.dividedBy(2);

    matches(all, "region", region, REGION, "a DigitalOcean region slug such as nyc1 or ams3");
    matches(all, "instanceId", instanceId, INSTANCE_ID, "1 to 128 of A-Z a-z 0-9 . _ : -");
    matches(all, "table", table, TABLE, "a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)");
    matches(all, "aws.region", awsRegion, AWS_REGION, "an AWS region such as us-east-1");
    checkControlRegions(all);
    if (awsEndpoint != null && !isHttpUrl(awsEndpoint)) {
      add(all, "aws.endpoint", "must be an absolute http(s) URL such as http://127.0.0.1:5000");
    }

    if (present(all, "heartbeat.interval", heartbeatInterval)) {
      if (heartbeatInterval.compareTo(MIN_INTERVAL) < 0
          || heartbeatInterval.compareTo(MAX_INTERVAL) > 0) {
        add(all, "heartbeat.interval", "must be between 200ms and 60s");
      } else {
        checkAgainstInterval(all, slowAfter);
      }
    }
    if (present(all, "probe.url", probeUrl) && !isHttpUrl(probeUrl)) {
      add(all, "probe.url", "must be an absolute http(s) URL such as http://127.0.0.1:8080/health");
    }
    if (probeExpectedStatus < 100 || probeExpectedStatus > 599) {
      add(all, "probe.expectedStatus", "must be an HTTP status code (100 to 599)");
    }
    if (positive(all, "probe.timeout", probeTimeout)
        && positive(all, "probe.slowAfter", slowAfter)
        && slowAfter.compareTo(probeTimeout) >= 0) {
      add(all, "probe.slowAfter", "must be shorter than probe.timeout");
    }
    if (positive(all, "hooks.timeout", hookTimeout)
        && hookTimeout.compareTo(MAX_HOOK_TIMEOUT) > 0) {
      add(all, "hooks.timeout", "must be at most 10m");
    }
    Path socket = null;
    if (present(all, "hooks.socket", hooksSocket) && !NO_HOOKS_SOCKET.equals(hooksSocket)) {
      socket = socketPath(all, hooksSocket);
    }
    if (present(all, "listen.address", listenAddress) && !isLoopback(listenAddress)) {
      add(
          all,
          "listen.address",
          "must be a loopback address (127.0.0.1, ::1 or localhost): the role endpoint is for"
              + " the local app only");
    }
    if (listenPort < 0 || listenPort > 65535) {
      add(all, "listen.port", "must be between 1 and 65535 (0: any free port)");
    }
    if (present(all, "stateFile", stateFile) && !stateFile.isAbsolute()) {
      add(all, "stateFile", "must be an absolute path");
    }
    InvalidConfigException.throwIfAny("agent configuration", all);
    return new AgentConfig(
        region,
        instanceId,
        table,
        awsRegion,
        controlRegions,
        awsEndpoint,
        heartbeatInterval,
        heartbeatJitter,
        heartbeatTtl,
        fenceAfter,
        new AgentConfig.Probe(
            probeUrl, probeTimeout, probeExpectedStatus, probeExpectedBody, slowAfter),
        new AgentConfig.Hooks(onActive, onStandby, onFenced, hookTimeout, socket),
        new AgentConfig.Listen(listenAddress, listenPort),
        stateFile,
        allowUnsynchronisedClock,
        outsideProbes);
  }

  /**
   * {@code aws.controlRegions}: absent, or the three replica regions of a strongly consistent
   * (MRSC) control table, distinct, nearest first, so starting with {@code aws.region}.
   */
  private void checkControlRegions(List<ConfigProblem> all) {
    String field = "aws.controlRegions";
    if (!present(all, field, controlRegions) || controlRegions.isEmpty()) {
      return;
    }
    boolean wellFormed = true;
    for (int i = 0; i < controlRegions.size(); i++) {
      String r = controlRegions.get(i);
      if (r == null || !AWS_REGION.matcher(r).matches()) {
        add(all, field + "[" + i + "]", "must be an AWS region such as us-east-2, was '" + r + "'");
        wellFormed = false;
      }
    }
    if (!wellFormed) {
      return;
    }
    if (controlRegions.size() != CONTROL_REPLICAS
        || new HashSet<>(controlRegions).size() != controlRegions.size()) {
      add(
          all,
          field,
          "must list the control table's "
              + CONTROL_REPLICAS
              + " replica regions, each once (a strongly consistent table has exactly three), was "
              + controlRegions);
    } else if (awsRegion != null && !awsRegion.equals(controlRegions.get(0))) {
      add(
          all,
          field,
          "must start with aws.region ("
              + awsRegion
              + "), the nearest replica: the list is nearest first, was "
              + controlRegions);
    }
  }

  /** The rules that relate other timings to the heartbeat interval (which is valid here). */
  private void checkAgainstInterval(List<ConfigProblem> all, Duration slowAfter) {
    if (present(all, "heartbeat.jitter", heartbeatJitter)
        && (heartbeatJitter.isNegative()
            || heartbeatJitter.compareTo(heartbeatInterval.dividedBy(2)) > 0)) {
      add(all, "heartbeat.jitter", "must be between 0 and half of heartbeat.interval");
    }
    if (present(all, "heartbeat.ttl", heartbeatTtl)
        && heartbeatTtl.compareTo(heartbeatInterval.multipliedBy(10)) < 0) {
      add(
          all,
          "heartbeat.ttl",
          "must be at least 10 x heartbeat.interval, so the monitor sees a silent instance go"
              + " stale before its item expires");
    }
    if (present(all, "fenceAfter", fenceAfter)
        && fenceAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      add(
          all,
          "fenceAfter",
          "must be at least 2 x heartbeat.interval: one lost write must not fence a region");
    }
    if (positive(all, "probe.timeout", probeTimeout)
        && probeTimeout.compareTo(heartbeatInterval) >= 0) {
      add(all, "probe.timeout", "must be shorter than heartbeat.interval");
    }
  }

  /** The socket's path, or null after reporting why {@code text} is not one. */
  private Path socketPath(List<ConfigProblem> all, String text) {
    String rule =
        "must be an absolute path of the hook runner's socket (at most "
            + MAX_SOCKET_PATH_BYTES
            + " bytes) or none, was '"
            + text
            + "'";
    if (!text.startsWith("/")
        || text.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES
        || text.indexOf('\0') >= 0) {
      add(all, "hooks.socket", rule);
      return null;
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      add(all, "hooks.socket", rule);
      return null;
    }
  }

  private boolean present(List<ConfigProblem> all, String field, Object value) {
    if (value == null) {
      add(all, field, "is required");
      return false;
    }
    return !reported.contains(field);
  }

  private boolean positive(List<ConfigProblem> all, String field, Duration value) {
    if (!present(all, field, value)) {
      return false;
    }
    if (value.isNegative() || value.isZero()) {
      add(all, field, "must be longer than 0");
      return false;
    }
    return true;
  }

  private void matches(
      List<ConfigProblem> all, String field, String value, Pattern pattern, String rule) {
    if (present(all, field, value) && !pattern.matcher(value).matches()) {
      add(all, field, "must be " + rule + ", was '" + value + "'");
    }
  }

  /** Adds a rule problem unless the field already has a parse problem (one message per cause). */
  private void add(List<ConfigProblem> all, String field, String rule) {
    if (flagged.add(field)) {
      all.add(new ConfigProblem(field, rule));
    }
  }

  private static boolean isHttpUrl(URI uri) {
    return uri.isAbsolute()
        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && uri.getHost() != null;
  }

  private static boolean isLoopback(String address) {
    if ("localhost".equals(address)) {
      return true;
    }
    if (!address.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
      return false; // a host name: never resolved here, a config check must not depend on DNS
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // reported as "must be a loopback address"
    }
  }
}
