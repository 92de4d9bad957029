package dev.baton.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The real wiring of the CLI: NOT YET WIRED (waiting for the handler, topology loader, routers).
 */
final class LocalStackFunctions {
  private LocalStackFunctions() {}

  static CommandContext defaults(Map<String, String> env, PrintWriter out, PrintWriter err) {
    return new CommandContext(
        env,
        out,
        err,
        e -> {
          throw new IllegalStateException("not yet wired: local promotion handler");
        },
        p -> {
          throw new IllegalStateException("not yet wired: topology loader");
        },
        (s, scale, dir, o) -> {
          throw new IllegalStateException("not yet wired: drill stack");
        });
  }
}
