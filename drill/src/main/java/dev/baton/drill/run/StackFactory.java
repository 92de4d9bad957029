package dev.baton.drill.run;

import dev.baton.drill.scenario.Scenario;
import java.nio.file.Path;

/** Starts the stack a scenario runs on. */
@FunctionalInterface
public interface StackFactory {
  /**
   * @param workDir where the stack keeps its files
   * @throws IllegalStateException when the stack cannot start
   */
  DrillStack start(Scenario scenario, Path workDir);
}
