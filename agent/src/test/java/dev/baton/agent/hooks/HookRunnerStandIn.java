package dev.baton.agent.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code baton-agent-hooks.socket} does on a droplet, without systemd: listens on a Unix
 * socket and runs the packaged runner script ({@code packaging/baton-agent-hook}) once per
 * connection, the connection as its input and output. It runs as the test's own user: that a hook
 * cannot read a file of another user needs root and systemd, which the tests do not have.
 */
final class HookRunnerStandIn implements AutoCloseable {
  static final Path RUNNER = Path.of("packaging/baton-agent-hook");

  private final ServerSocketChannel server;
  private final Path socket;
  private final Map<String, String> unitEnvironment;
  private final Thread acceptor;
  private final List<Process> runners = new ArrayList<>();

  /**
   * @param unitEnvironment the environment the runner starts with (the unit's, on a droplet)
   */
  HookRunnerStandIn(Path socket, Map<String, String> unitEnvironment) throws IOException {
    if (!Files.isExecutable(RUNNER)) {
      throw new IllegalStateException(RUNNER.toAbsolutePath() + " is missing or not executable");
    }
    this.socket = socket;
    this.unitEnvironment = Map.copyOf(unitEnvironment);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    acceptor = new Thread(this::acceptLoop, "hook-runner-stand-in");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel connection;
      try {
        connection = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread t = new Thread(() -> serve(connection), "hook-runner-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel connection) {
    try (connection) {
      ProcessBuilder builder = new ProcessBuilder(RUNNER.toAbsolutePath().toString());
      builder.environment().clear();
      builder.environment().putAll(unitEnvironment);
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      Process runner = builder.start();
      synchronized (runners) {
        runners.add(runner);
      }
      // Closing a channel's stream closes the channel: only the runner's stdin is closed here.
      InputStream request = Channels.newInputStream(connection);
      try (OutputStream stdin = runner.getOutputStream()) {
        request.transferTo(stdin);
      }
      try (InputStream answer = runner.getInputStream()) {
        OutputStream out = Channels.newOutputStream(connection);
        answer.transferTo(out);
        out.flush();
      }
      runner.waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("stand-in runner failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (runners) {
      runners.forEach(Process::destroyForcibly);
    }
    Files.deleteIfExists(socket);
  }
}
