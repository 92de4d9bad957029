package dev.baton.agent;

import dev.baton.agent.clock.SystemClockSync;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.AgentConfigLoader;
import dev.baton.domain.InvalidConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton-agent run | drain | undrain | check-config}. Exit codes follow sysexits: 78 invalid
 * configuration (systemd does not restart on it), 75 clock not synchronised (systemd retries until
 * it is), 69 the running agent could not be reached.
 */
@Command(
    name = "baton-agent",
    mixinStandardHelpOptions = true,
    versionProvider = BatonAgentCommand.Version.class,
    description = "Baton's droplet agent: heartbeats, role hooks, self-fencing.",
    subcommands = {
      BatonAgentCommand.Run.class,
      BatonAgentCommand.Drain.class,
      BatonAgentCommand.Undrain.class,
      BatonAgentCommand.CheckConfig.class
    })
public final class BatonAgentCommand implements Callable<Integer> {
  static final int EX_UNAVAILABLE = 69;
  static final int EX_TEMPFAIL = 75;
  static final int EX_CONFIG = 78;
  private static final Logger LOG = LoggerFactory.getLogger(BatonAgentCommand.class);

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      description = "Config file (default: $BATON_AGENT_CONFIG or /etc/baton-agent/agent.yaml).",
      scope = CommandLine.ScopeType.INHERIT)
  Path config;

  public static void main(String[] args) {
    int code = new CommandLine(new BatonAgentCommand()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CommandLine.ExitCode.USAGE;
  }

  Path configFile() {
    if (config != null) {
      return config;
    }
    String fromEnv = System.getenv(AgentConfigLoader.CONFIG_FILE_VARIABLE);
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "/etc/baton-agent/agent.yaml");
  }

  AgentConfig loadConfig() {
    return new AgentConfigLoader(System.getenv(), BatonAgentCommand::hostName).load(configFile());
  }

  static String hostName() {
    try {
      // The kernel's name, read without DNS (a slow resolver must not delay the agent's start).
      String name =
          Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      LOG.debug("no /proc/sys/kernel/hostname ({}); asking the JDK", e.toString());
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      LOG.warn("cannot tell the host name ({}); set instanceId", e.toString());
      return null; // reported as "instanceId: is required"
    }
  }

  /** Runs the agent until SIGTERM; then writes DRAINING and exits. */
  @Command(name = "run", description = "Run the agent (what the systemd unit starts).")
  static final class Run implements Callable<Integer> {
    @ParentCommand BatonAgentCommand parent;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter err = parent.spec.commandLine().getErr();
      AgentConfig config;
      try {
        config = parent.loadConfig();
      } catch (InvalidConfigException e) {
        err.println(e.getMessage());
        return EX_CONFIG;
      }
      AgentRuntime runtime;
      try {
        runtime =
            AgentRuntime.start(config, System.getenv(), new SystemClockSync(), Clock.systemUTC());
      } catch (UnsynchronisedClockException e) {
        err.println(e.getMessage());
        return EX_TEMPFAIL;
      } catch (UncheckedIOException e) {
        err.println(e.getMessage() + ": " + e.getCause());
        return EX_CONFIG;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    runtime.stop("agent stopping (SIGTERM or shutdown)");
                    stopped.countDown();
                  },
                  "baton-shutdown"));
      stopped.await(); // the shutdown hook ends the process
      return 0;
    }
  }

  /** Asks the running agent to write DRAINING and keep reporting it. */
  @Command(
      name = "drain",
      description =
          "Drain this instance for planned maintenance: the running agent writes DRAINING now and"
              + " keeps doing so (across restarts) until 'undrain'.")
  static final class Drain implements Callable<Integer> {
    @ParentCommand BatonAgentCommand parent;

    @Override
    public Integer call() {
      return parent.post("/drain");
    }
  }

  /** Returns the instance to service. */
  @Command(name = "undrain", description = "Return this instance to service after 'drain'.")
  static final class Undrain implements Callable<Integer> {
    @ParentCommand BatonAgentCommand parent;

    @Override
    public Integer call() {
      return parent.post("/undrain");
    }
  }

  /** Validates the configuration and prints it. */
  @Command(name = "check-config", description = "Validate the configuration and print it.")
  static final class CheckConfig implements Callable<Integer> {
    @ParentCommand BatonAgentCommand parent;

    @Override
    public Integer call() {
      try {
        AgentConfig config = parent.loadConfig();
        parent.spec.commandLine().getOut().println("configuration valid: " + config);
        return 0;
      } catch (InvalidConfigException e) {
        parent.spec.commandLine().getErr().println(e.getMessage());
        return EX_CONFIG;
      }
    }
  }

  int post(String path) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AgentConfig config;
    try {
      config = loadConfig();
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return EX_CONFIG;
    }
    String host =
        config.listen().address().contains(":")
            ? "[" + config.listen().address() + "]"
            : config.listen().address();
    URI uri = URI.create("http://" + host + ":" + config.listen().port() + path);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      (response.statusCode() == 200 ? out : err).println(response.body());
      return response.statusCode() == 200 ? 0 : EX_UNAVAILABLE;
    } catch (IOException e) {
      err.println("cannot reach the agent at " + uri + ": " + e + " (is baton-agent running?)");
      return EX_UNAVAILABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EX_UNAVAILABLE;
    }
  }

  /** Prints the jar's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"baton-agent " + AgentRuntime.version()};
    }
  }
}
