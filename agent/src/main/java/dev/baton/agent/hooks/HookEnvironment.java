package dev.baton.agent.hooks;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment a hook runs with: the agent's own, minus every AWS setting and credential
 * pointer, plus the role variables. Hooks are the operator's commands, not the agent's: they must
 * not be able to act with the agent's AWS identity, nor learn where its credentials are.
 */
public final class HookEnvironment {

  private HookEnvironment() {}

  /**
   * Whether a variable of the agent's environment is withheld from hooks: every {@code AWS_*}
   * variable (keys, session tokens, {@code AWS_SHARED_CREDENTIALS_FILE}, {@code AWS_CONFIG_FILE},
   * {@code AWS_PROFILE}, web-identity and container-credential settings) and systemd's {@code
   * CREDENTIALS_DIRECTORY}.
   */
  public static boolean withheld(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.startsWith("AWS_") || upper.equals("CREDENTIALS_DIRECTORY");
  }

  /**
   * The hook's environment: {@code agentEnv} without the withheld variables, plus {@code extra}.
   */
  public static Map<String, String> of(Map<String, String> agentEnv, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    agentEnv.forEach(
        (name, value) -> {
          if (!withheld(name)) {
            env.put(name, value);
          }
        });
    extra.forEach(
        (name, value) -> {
          if (withheld(name)) {
            throw new IllegalArgumentException(name + " must not be passed to a hook");
          }
          env.put(name, value);
        });
    return env;
  }
}
