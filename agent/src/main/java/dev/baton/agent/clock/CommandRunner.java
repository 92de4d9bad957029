package dev.baton.agent.clock;

import java.util.List;
import java.util.Optional;

/** Runs a short command and returns its exit code and output; empty when it is not installed. */
@FunctionalInterface
public interface CommandRunner {
  /** The result of one command. */
  record Output(int exitCode, String text) {}

  Optional<Output> run(List<String> argv);
}
