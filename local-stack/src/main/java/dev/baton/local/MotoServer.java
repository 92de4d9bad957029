package dev.baton.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moto server ({@code moto_server}, the AWS emulator) running as a child process on a free
 * loopback port: one local endpoint for DynamoDB, DynamoDB Streams, SNS, SSM, Secrets Manager,
 * Route 53 and Lambda. It applies one request at a time, so conditional writes are atomic as in
 * DynamoDB (see {@link MotoCommand}).
 *
 * <p>{@link #start()} returns once moto answers HTTP; {@link #stop()} (or {@link #close()}) kills
 * the process and its children. A JVM shutdown hook stops it too, so an aborted test run leaves no
 * moto behind.
 */
public final class MotoServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  // A port picked as free can be taken before moto binds it; try a few.
  private static final int PORT_ATTEMPTS = 3;

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final HttpClient http;
  private final Thread shutdownHook;

  private MotoServer(Process process, URI endpoint, Path log, HttpClient http) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.http = http;
    this.shutdownHook = new Thread(this::killTree, "moto-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the moto found by {@link MotoExecutable#locate()}.
   *
   * @throws IllegalStateException when moto is not installed or does not start
   */
  public static MotoServer start() {
    return start(MotoExecutable.locate());
  }

  /**
   * Starts {@code executable} (a {@code moto_server}) on a free loopback port and waits until it
   * answers.
   *
   * @throws IllegalStateException when moto does not start; the message includes its output
   */
  public static MotoServer start(Path executable) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      Path log = tempLog(port);
      Process process = launch(executable, port, log);
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      try {
        awaitReady(process, endpoint, http, log);
        LOG.info("moto started at {} (pid {}, log {})", endpoint, process.pid(), log);
        return new MotoServer(process, endpoint, log, http);
      } catch (IllegalStateException e) {
        killTree(process);
        if (!String.valueOf(e.getMessage()).contains("already in use")) {
          throw e;
        }
        last = e;
        LOG.warn("port {} was taken before moto bound it (attempt {})", port, attempt);
      }
    }
    throw last;
  }

  /** The endpoint every AWS client should use, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Moto's output (stdout and stderr), for diagnosing a failed call. */
  public Path log() {
    return log;
  }

  /** True while the moto process runs. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /**
   * Forgets every resource in every service (moto's {@code POST /moto-api/reset}).
   *
   * @throws IllegalStateException when moto does not confirm the reset
   */
  public void reset() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "moto reset at " + endpoint + " answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto reset at " + endpoint + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resetting moto at " + endpoint, e);
    }
  }

  /** Stops moto and every process it started; waits until they are gone. Idempotent. */
  public void stop() {
    killTree();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run; nothing left to unregister.
      LOG.debug("JVM shutting down; moto shutdown hook not removed", e);
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      LOG.warn("could not delete moto log {}: {}", log, e.toString());
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void killTree() {
    killTree(process);
  }

  private static void killTree(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static Process launch(Path executable, int port, Path log) {
    List<String> command = MotoCommand.of(executable, port);
    if (command.get(0).equals(executable.toString())) {
      LOG.warn(
          "no Python interpreter found in {}: running it as is, so concurrent requests may"
              + " interleave (conditional writes are then not atomic)",
          executable);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // moto never talks to AWS; keep real credentials out of its environment all the same.
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not run " + executable + ": " + e.getMessage() + " (run scripts/bootstrap-venv)",
          e);
    }
  }

  private static void awaitReady(Process process, URI endpoint, HttpClient http, Path log) {
    HttpRequest probe =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "moto exited with code "
                + process.exitValue()
                + " before answering; output:\n"
                + tail(log));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet: moto takes a second or two to import its services.
        LOG.trace("moto at {} not ready yet: {}", endpoint, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for moto", e);
      }
      pause();
    }
    throw new IllegalStateException(
        "moto did not answer at "
            + endpoint
            + " within "
            + STARTUP_TIMEOUT
            + "; output:\n"
            + tail(log));
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for moto", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for moto", e);
    }
  }

  private static Path tempLog(int port) {
    try {
      return Files.createTempFile("moto-" + port + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a log file for moto", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }
}
