package dev.baton.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What every command needs from outside: the environment, where to print, how to build a local
 * promotion handler and how to run a drill. Tests pass their own.
 */
public record CommandContext(
    Map<String, String> env,
    PrintWriter out,
    PrintWriter err,
    LocalPromotionFunction localPromotions,
    DrillLauncher drills) {

  public BatonConnection connect(StackOptions options) {
    return new BatonConnection(options, env, localPromotions);
  }
}
