package dev.baton.agent.endpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Tells the unit's helper scripts where the endpoint listens: under systemd ({@code
 * RuntimeDirectory=baton-agent}, so {@code $RUNTIME_DIRECTORY} is {@code /run/baton-agent}) the
 * agent writes its base URL to {@code endpoint} there. {@code baton-agent-ready} (ExecStartPost)
 * and {@code baton-agent-liveness} (the timer) read it instead of parsing the YAML; systemd removes
 * the directory when the agent stops.
 */
public final class EndpointFile {
  /** The variable systemd sets to the runtime directory. */
  public static final String RUNTIME_DIRECTORY = "RUNTIME_DIRECTORY";

  static final String NAME = "endpoint";

  private EndpointFile() {}

  /** The base URL the helpers call, e.g. {@code http://127.0.0.1:7601}. */
  static String baseUrl(String address, int port) {
    String host = address.contains(":") ? "[" + address + "]" : address;
    return "http://" + host + ":" + port;
  }

  /**
   * Writes {@code <dir>/endpoint} (atomically: a reader never sees half a URL).
   *
   * @return the file written
   */
  public static Path write(Path dir, String address, int port) throws IOException {
    Path file = dir.resolve(NAME);
    Path tmp = dir.resolve(NAME + ".tmp");
    Files.writeString(tmp, baseUrl(address, port) + "\n", StandardCharsets.UTF_8);
    return Files.move(
        tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
