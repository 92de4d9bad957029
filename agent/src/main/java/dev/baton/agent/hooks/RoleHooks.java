package dev.baton.agent.hooks;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.role.RoleChange;
import dev.baton.config.DurationText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator's {@code onActive} / {@code onStandby} / {@code onFenced} command once per role
 * change, in order, on one thread of its own: a slow hook must never delay a heartbeat (a late
 * heartbeat is an outage to the monitor).
 *
 * <p>Environment of a hook: {@code BATON_REGION}, {@code BATON_ROLE} ({@code
 * active|standby|fenced}), {@code BATON_EPOCH}, {@code BATON_PREVIOUS_ROLE} (empty at startup).
 *
 * <p>Who runs them is chosen once, at start ({@link #launcherFor}): the {@code baton-hooks} user
 * through the hook runner's socket when it exists, else the agent's own user, said in a warning.
 */
public final class RoleHooks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoleHooks.class);

  private final String region;
  private final AgentConfig.Hooks hooks;
  private final ExecutorService executor;
  private final HookLauncher launcher;

  public RoleHooks(String region, AgentConfig.Hooks hooks) {
    this(
        region,
        hooks,
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "baton-hooks");
              t.setDaemon(true);
              return t;
            }));
  }

  /**
   * @param executor runs the hooks in order, off the beat thread (production: one thread of its
   *     own; the simulator: its virtual-time scheduler, so no real thread is started)
   */
  public RoleHooks(String region, AgentConfig.Hooks hooks, ExecutorService executor) {
    this(region, hooks, executor, launcherFor(hooks, System.getProperty("user.name"), LOG));
  }

  /** With the launcher given (tests). */
  RoleHooks(
      String region, AgentConfig.Hooks hooks, ExecutorService executor, HookLauncher launcher) {
    this.region = region;
    this.hooks = hooks;
    this.executor = executor;
    this.launcher = launcher;
  }

  /**
   * Who runs the hooks: the hook runner's socket ({@code hooks.socket}) when it exists, so hooks
   * run as {@code baton-hooks} and cannot read the agent's credentials; otherwise the agent's own
   * user, with one warning saying why. Without any hook configured nothing runs and nothing is
   * said.
   */
  static HookLauncher launcherFor(AgentConfig.Hooks hooks, String agentUser, Logger log) {
    if (!hooks.any()) {
      return HookLauncher.asAgentUser();
    }
    Path socket = hooks.socket();
    String consequence =
        "hooks run as the agent's own user ("
            + agentUser
            + ") instead of baton-hooks, and can read every file the agent reads, its AWS"
            + " credentials included";
    if (socket == null) {
      log.warn("hooks.socket is none: {} (docs/agent.md, \"Roles and hooks\")", consequence);
      return HookLauncher.asAgentUser();
    }
    if (!Files.exists(socket)) {
      log.warn(
          "the hook runner's socket {} does not exist (baton-agent-hooks.socket is not installed"
              + " or not started): {}. On a droplet: sudo systemctl start baton-agent-hooks.socket"
              + " (baton-agent.service wants it), then restart the agent",
          socket,
          consequence);
      return HookLauncher.asAgentUser();
    }
    SocketHookLauncher launcher = new SocketHookLauncher(socket, agentUser);
    log.info("hooks run as {}", launcher.describe());
    return launcher;
  }

  /** Queues the hook for {@code change}; returns at once. */
  public void onChange(RoleChange change) {
    executor.execute(() -> run(change));
  }

  /** Waits until every queued hook has finished (tests, and a graceful stop). */
  public boolean awaitIdle(Duration wait) {
    Future<?> marker = executor.submit(() -> {});
    try {
      marker.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the idle marker cannot fail", e);
    }
  }

  private void run(RoleChange change) {
    String hookName = "on" + capitalised(change.to().wireName());
    Optional<String> command = hooks.commandFor(change.to());
    if (command.isEmpty()) {
      LOG.info("role is now {}; no {} hook configured", change.to().wireName(), hookName);
      return;
    }
    Map<String, String> env =
        Map.of(
            "BATON_REGION",
            region,
            "BATON_ROLE",
            change.to().wireName(),
            "BATON_EPOCH",
            Long.toString(change.epoch()),
            "BATON_PREVIOUS_ROLE",
            change.from() == null ? "" : change.from().wireName());
    LOG.info(
        "running {} hook for role {} (epoch {})", hookName, change.to().wireName(), change.epoch());
    HookResult result;
    try {
      result = launcher.run(command.get(), env, hooks.timeout());
    } catch (InterruptedException e) {
      LOG.warn(
          "{} hook interrupted by the agent stopping; it is killed with its processes", hookName);
      Thread.currentThread().interrupt();
      return;
    }
    if (result.timedOut()) {
      LOG.error(
          "{} hook timed out after {}; killed {}; output: {}",
          hookName,
          DurationText.format(hooks.timeout()),
          result.killedProcesses() == HookResult.UNKNOWN_COUNT
              ? "it and every process it started (its unit's control group)"
              : result.killedProcesses() + " process(es)",
          result.output());
    } else if (result.exitCode() != 0) {
      LOG.error(
          "{} hook exited {} after {} ms; output: {}",
          hookName,
          result.exitCode(),
          result.took().toMillis(),
          result.output());
    } else {
      LOG.info(
          "{} hook exited 0 after {} ms; output: {}",
          hookName,
          result.took().toMillis(),
          result.output());
    }
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Stops: a running hook gets {@code wait} to finish, then is killed with its children. */
  public void close(Duration wait) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
