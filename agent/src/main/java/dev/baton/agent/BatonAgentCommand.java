package dev.baton.agent;

import dev.baton.agent.clock.SystemClockSync;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.AgentConfigLoader;
import dev.baton.agent.logging.JournalServiceProvider;
import dev.baton.domain.InvalidConfigException;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code baton-agent run | drain | undrain | check-config}. Exit codes follow sysexits: 64 usage,
 * 78 invalid configuration (systemd does not restart on it), 75 clock not synchronised (systemd
 * retries until it is), 69 the running agent could not be reached.
 */
public final class BatonAgentCommand {
  static final int EX_USAGE = 64;
  static final int EX_UNAVAILABLE = 69;
  static final int EX_TEMPFAIL = 75;
  static final int EX_CONFIG = 78;

  static {
    // The agent's process logs through dev.baton.agent.logging (journald priorities). Chosen here,
    // not by a META-INF/services entry, so the CLI, which runs agents in-process for the drill,
    // keeps its own java.util.logging backend. Set before the first logger below.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", JournalServiceProvider.class.getName());
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(BatonAgentCommand.class);

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  BatonAgentCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) throws InterruptedException {
    System.exit(new BatonAgentCommand(System.getenv(), System.out, System.err).execute(args));
  }

  /** Runs the command line; returns the exit code ({@code run} returns only when stopped). */
  int execute(String[] args) throws InterruptedException {
    StringBuilder error = new StringBuilder();
    Optional<CommandLineArgs> parsed = CommandLineArgs.parse(args, error);
    if (parsed.isEmpty()) {
      err.println("baton-agent: " + error);
      err.print(CommandLineArgs.USAGE);
      return EX_USAGE;
    }
    CommandLineArgs cli = parsed.get();
    return switch (cli.command()) {
      case "help" -> {
        out.print(CommandLineArgs.USAGE);
        yield 0;
      }
      case "version" -> {
        out.println("baton-agent " + AgentRuntime.version());
        yield 0;
      }
      case "check-config" -> checkConfig(cli);
      case "drain" -> post(cli, "/drain");
      case "undrain" -> post(cli, "/undrain");
      default -> run(cli);
    };
  }

  private Path configFile(CommandLineArgs cli) {
    if (cli.config() != null) {
      return cli.config();
    }
    String fromEnv = env.get(AgentConfigLoader.CONFIG_FILE_VARIABLE);
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "/etc/baton-agent/agent.yaml");
  }

  private AgentConfig loadConfig(CommandLineArgs cli) {
    return new AgentConfigLoader(env, BatonAgentCommand::hostName).load(configFile(cli));
  }

  /** Runs the agent until SIGTERM; the shutdown hook writes DRAINING and ends the process. */
  private int run(CommandLineArgs cli) throws InterruptedException {
    AgentConfig config;
    try {
      config = loadConfig(cli);
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return EX_CONFIG;
    }
    AgentRuntime runtime;
    try {
      runtime = AgentRuntime.start(config, env, new SystemClockSync(), Clock.systemUTC());
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
    stopped.await(); // returns during shutdown; the JVM exits once the hook is done
    return 0;
  }

  private int checkConfig(CommandLineArgs cli) {
    try {
      out.println("configuration valid: " + loadConfig(cli));
      return 0;
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return EX_CONFIG;
    }
  }

  /** Asks the running agent (loopback endpoint) to drain or undrain, and prints its answer. */
  private int post(CommandLineArgs cli, String path) {
    AgentConfig config;
    try {
      config = loadConfig(cli);
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return EX_CONFIG;
    }
    String address = config.listen().address();
    String host = address.contains(":") ? "[" + address + "]" : address;
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
}
