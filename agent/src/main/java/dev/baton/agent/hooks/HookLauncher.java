package dev.baton.agent.hooks;

import java.time.Duration;
import java.util.Map;

/**
 * Starts a hook command and waits for it. Two ways: through the hook runner's socket, as the {@code
 * baton-hooks} user ({@link SocketHookLauncher}, droplets), or as the agent's own user in its own
 * process tree ({@link #asAgentUser()}, developer machines, the drill and tests).
 */
public interface HookLauncher {

  /**
   * Runs {@code command} with {@code /bin/sh -c}; kills it at {@code timeout}.
   *
   * @param env the {@code BATON_*} variables for the hook
   * @throws InterruptedException when the agent stops meanwhile
   */
  HookResult run(String command, Map<String, String> env, Duration timeout)
      throws InterruptedException;

  /** Who runs the hooks, for the log: e.g. "the baton-hooks user through /run/...". */
  String describe();

  /**
   * Runs hooks as the agent's own user, as children of the agent, with the agent's environment
   * minus its AWS settings ({@link HookProcess}, {@link HookEnvironment}). Such a hook can read
   * every file the agent can, its AWS credentials included.
   */
  static HookLauncher asAgentUser() {
    return new HookLauncher() {
      @Override
      public HookResult run(String command, Map<String, String> env, Duration timeout)
          throws InterruptedException {
        return HookProcess.run(command, env, timeout);
      }

      @Override
      public String describe() {
        return "the agent's own user (" + System.getProperty("user.name") + ")";
      }
    };
  }
}
