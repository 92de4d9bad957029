package dev.baton.drill.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions' environment of a local stack, as a {@code KEY=VALUE} file: a drill writes it so
 * that {@code baton --local target/drill/functions.env ...} reaches the running drill's stack. It
 * holds endpoints and secret references (ARNs), never a secret.
 */
public final class FunctionEnvironment {
  public static final String FILE_NAME = "functions.env";

  private FunctionEnvironment() {}

  static void write(Map<String, String> env, Path file) {
    StringBuilder text =
        new StringBuilder(
            "# Written by baton drill: the functions' environment of its local stack.\n");
    new TreeMap<>(env).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the file and the line that is not {@code KEY=VALUE}
   */
  public static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--local: cannot read "
              + file
              + " ("
              + e.getMessage()
              + "); a drill writes it as target/drill/"
              + FILE_NAME,
          e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": must be KEY=VALUE, was '" + line + "'");
      }
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }
}
