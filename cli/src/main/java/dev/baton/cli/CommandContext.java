package dev.baton.cli;

import dev.baton.domain.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What every command needs from outside: the environment, where to print, how to build a local
 * promotion handler, how to load a topology and how to run a drill. Tests pass their own.
 */
public record CommandContext(
    Map<String, String> env,
    PrintWriter out,
    PrintWriter err,
    LocalPromotionFunction localPromotions,
    Function<Path, Topology> topologies,
    DrillLauncher drills) {

  public BatonConnection connect(StackOptions options) {
    return new BatonConnection(options, env, localPromotions, topologies);
  }
}
