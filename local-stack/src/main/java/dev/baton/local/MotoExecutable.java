package dev.baton.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@code moto_server} executable: first in the project's virtual environment named by the
 * system property {@code baton.venv} (the root pom sets it to {@code <repo>/.venv}), then at the
 * path in the environment variable {@code BATON_MOTO_SERVER}.
 */
public final class MotoExecutable {
  /** System property naming the Python virtual environment that holds moto. */
  public static final String VENV_PROPERTY = "baton.venv";

  /**
   * Environment variable naming the {@code moto_server} executable, used when the venv has none.
   */
  public static final String ENV_VARIABLE = "BATON_MOTO_SERVER";

  private MotoExecutable() {}

  /**
   * The executable, from the current system properties and environment.
   *
   * @throws IllegalStateException saying where it looked and how to install moto
   */
  public static Path locate() {
    return locate(System.getProperty(VENV_PROPERTY), System.getenv());
  }

  /**
   * The executable for the given venv directory (may be null) and environment.
   *
   * @throws IllegalStateException saying where it looked and how to install moto
   */
  public static Path locate(String venv, Map<String, String> env) {
    List<String> looked = new ArrayList<>();
    if (venv != null && !venv.isBlank()) {
      Path candidate = Path.of(venv, "bin", "moto_server");
      Optional<Path> found = executable(candidate);
      if (found.isPresent()) {
        return found.get();
      }
      looked.add(candidate + " (system property " + VENV_PROPERTY + ")");
    } else {
      looked.add("no system property " + VENV_PROPERTY);
    }
    String explicit = env.get(ENV_VARIABLE);
    if (explicit != null && !explicit.isBlank()) {
      Optional<Path> found = executable(Path.of(explicit.trim()));
      if (found.isPresent()) {
        return found.get();
      }
      looked.add(explicit.trim() + " (environment variable " + ENV_VARIABLE + ")");
    } else {
      looked.add("no environment variable " + ENV_VARIABLE);
    }
    throw new IllegalStateException(
        "moto is not installed: no executable moto_server at "
            + String.join(", ", looked)
            + ". Run scripts/bootstrap-venv (creates .venv/ with moto[server]), or set "
            + ENV_VARIABLE
            + " to a moto_server executable.");
  }

  private static Optional<Path> executable(Path candidate) {
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
        ? Optional.of(candidate.toAbsolutePath())
        : Optional.empty();
  }
}
