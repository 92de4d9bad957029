package dev.baton.cli;

/** How a command prints its answer. */
public enum OutputFormat {
  /** Aligned tables for people. */
  table,
  /** One JSON document for scripts. */
  json
}
