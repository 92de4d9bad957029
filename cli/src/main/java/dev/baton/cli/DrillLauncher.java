package dev.baton.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs a drill and returns its exit code (0 passed, 1 an expectation failed, 2 could not run). */
@FunctionalInterface
public interface DrillLauncher {
  int run(Path scenario, Double scale, Path outDir, PrintWriter out);
}
