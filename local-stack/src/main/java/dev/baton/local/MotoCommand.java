package dev.baton.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts moto so that it handles one request at a time.
 *
 * <p>{@code moto_server} serves requests on many threads without locking its backends, so two
 * concurrent conditional writes on one DynamoDB item can both succeed: real DynamoDB never lets
 * that happen, and Baton's fencing (one claim wins per epoch) depends on it. So moto is started
 * through its own Python interpreter with its WSGI application wrapped in a lock: connections are
 * still accepted in parallel, requests are applied one after another, as DynamoDB applies writes to
 * one item.
 *
 * <p>The interpreter is read from the {@code moto_server} script's shebang (pip writes either
 * {@code #!/path/python} or, for long paths, a {@code #!/bin/sh} line followed by {@code '''exec'
 * /path/python}). When it cannot be found, moto_server is run as it is.
 */
final class MotoCommand {
  // Replaces moto's run_simple with one whose application holds a lock for each whole request.
  static final String SERIALIZED_LAUNCHER =
      String.join(
          "\n",
          "import sys, threading",
          "from moto import server",
          "_run_simple = server.run_simple",
          "_lock = threading.Lock()",
          "def _one_request_at_a_time(host, port, app, **options):",
          "    def serialized(environ, start_response):",
          "        with _lock:",
          "            return list(app(environ, start_response))",
          "    _run_simple(host, port, serialized, **options)",
          "server.run_simple = _one_request_at_a_time",
          "server.main(sys.argv[1:])");

  private MotoCommand() {}

  /** The command starting {@code executable} (a moto_server) on {@code 127.0.0.1:port}. */
  static List<String> of(Path executable, int port) {
    String p = Integer.toString(port);
    return interpreter(executable)
        .map(python -> List.of(python, "-c", SERIALIZED_LAUNCHER, "-H", "127.0.0.1", "-p", p))
        .orElseGet(() -> List.of(executable.toString(), "-H", "127.0.0.1", "-p", p));
  }

  /** The Python interpreter a pip-generated console script runs with, if it names one. */
  static Optional<String> interpreter(Path script) {
    try (BufferedReader reader = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
      String first = reader.readLine();
      if (first == null || !first.startsWith("#!")) {
        return Optional.empty();
      }
      String[] words = first.substring(2).trim().split("\\s+");
      String command = words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
      if (command.endsWith("/sh")) {
        String second = reader.readLine();
        if (second == null || !second.startsWith("'''exec' ")) {
          return Optional.empty();
        }
        command = second.substring("'''exec' ".length()).trim().split("\\s+")[0];
        command = command.replace("\"", "");
      }
      return Path.of(command).getFileName().toString().startsWith("python")
          ? Optional.of(command)
          : Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + script + ": " + e.getMessage(), e);
    }
  }
}
