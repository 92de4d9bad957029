package dev.baton.agent.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs hooks through the hook runner's socket ({@code baton-agent-hooks.socket}): systemd starts
 * one {@code baton-agent-hooks@.service} per connection, as the {@code baton-hooks} user, which
 * runs {@code /opt/baton-agent/bin/baton-agent-hook} with the connection as its input and output.
 * The agent needs no privilege for this, and the hook cannot read the agent's files (decision
 * 0021). The protocol is described in that script; this class is its other end.
 */
public final class SocketHookLauncher implements HookLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(SocketHookLauncher.class);

  /** The runner's timeout is the hook's; the agent waits this much longer for its answer. */
  static final Duration ANSWER_GRACE = Duration.ofSeconds(10);

  /** The runner sends at most 4096 bytes of output and one line; more is not kept. */
  static final int MAX_ANSWER_BYTES = 16 * 1024;

  static final String RESULT_MARKER = "\nbaton-hook-result ";

  private static final Pattern VARIABLE = Pattern.compile("BATON_[A-Z0-9_]*");
  private static final Pattern FIELD = Pattern.compile("([a-z]+)=(\\S*)");

  private final Path socket;
  private final String agentUser;

  /**
   * @param socket the runner's socket, e.g. {@code /run/baton-agent-hooks.sock}
   * @param agentUser the agent's own user: a runner that answers as this user is misconfigured
   */
  public SocketHookLauncher(Path socket, String agentUser) {
    this.socket = socket;
    this.agentUser = agentUser;
  }

  @Override
  public String describe() {
    return "the hook runner's user (baton-hooks) through " + socket;
  }

  @Override
  public HookResult run(String command, Map<String, String> env, Duration timeout)
      throws InterruptedException {
    long started = System.nanoTime();
    byte[] request = request(command, env, timeout);
    byte[] answer;
    try {
      answer = exchange(request, timeout.plus(ANSWER_GRACE));
    } catch (IOException e) {
      return new HookResult(
          -1,
          false,
          0,
          elapsed(started),
          "cannot reach the hook runner at " + socket + " (baton-agent-hooks.socket): " + e);
    }
    Answer parsed = parse(answer);
    if (parsed.user() != null && parsed.user().equals(agentUser)) {
      LOG.error(
          "the hook ran as {}, the agent's own user: baton-agent-hooks@.service must run hooks as"
              + " another user (User=baton-hooks), or they can read the agent's AWS credentials",
          parsed.user());
    }
    HookResult r = parsed.result();
    return new HookResult(
        r.exitCode(), r.timedOut(), r.killedProcesses(), elapsed(started), r.output());
  }

  /**
   * The request for one hook: a header, the {@code BATON_*} variables, an empty line, then the
   * command.
   *
   * @throws IllegalArgumentException for a variable that is not {@code BATON_*} or a value with a
   *     line break (both would be the agent's own mistake)
   */
  static byte[] request(String command, Map<String, String> env, Duration timeout) {
    StringBuilder b = new StringBuilder("baton-hook 1\n");
    b.append("timeout-ms=").append(Math.max(1, timeout.toMillis())).append('\n');
    new TreeMap<>(env)
        .forEach(
            (name, value) -> {
              if (!VARIABLE.matcher(name).matches()) {
                throw new IllegalArgumentException(
                    name + " must not be passed to a hook (only BATON_* variables)");
              }
              if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(name + " must not contain a line break");
              }
              b.append(name).append('=').append(value).append('\n');
            });
    b.append('\n').append(command);
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What the runner answered: the hook's result and the user it ran as (null when unknown). */
  record Answer(HookResult result, String user) {}

  /** Reads the runner's answer: the tail of the output, then its result line. */
  static Answer parse(byte[] answer) {
    String text = new String(answer, StandardCharsets.UTF_8);
    int marker = text.lastIndexOf(RESULT_MARKER);
    if (marker < 0) {
      return new Answer(
          new HookResult(
              -1,
              false,
              0,
              Duration.ZERO,
              "the hook runner ended without a result (see journalctl -u 'baton-agent-hooks@*'): "
                  + text.strip()),
          null);
    }
    Map<String, String> fields = new HashMap<>();
    Matcher m = FIELD.matcher(text.substring(marker + RESULT_MARKER.length()).strip());
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    String output = text.substring(0, marker).strip();
    long bytes = parseLong(fields.get("bytes"), 0);
    if (bytes > HookProcess.OUTPUT_TAIL_BYTES) {
      output = "..." + output;
    }
    boolean timedOut = "true".equals(fields.get("timedout"));
    int exit = (int) parseLong(fields.get("exit"), -1);
    // A timed-out hook is killed with its control group: the runner cannot count the processes.
    int killed = timedOut ? HookResult.UNKNOWN_COUNT : 0;
    return new Answer(
        new HookResult(timedOut ? -1 : exit, timedOut, killed, Duration.ZERO, output),
        fields.get("user"));
  }

  private byte[] exchange(byte[] request, Duration wait) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      channel.shutdownOutput();
      channel.configureBlocking(false);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(8192);
      try (Selector selector = Selector.open()) {
        channel.register(selector, SelectionKey.OP_READ);
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IOException(
                "no answer within " + wait.toSeconds() + " s (the hook's timeout and 10 s)");
          }
          selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
          if (Thread.interrupted()) {
            throw new InterruptedException("stopped while waiting for the hook runner");
          }
          selector.selectedKeys().clear();
          int n = channel.read(in);
          if (n < 0) {
            return answer.toByteArray();
          }
          if (answer.size() + n > MAX_ANSWER_BYTES) {
            throw new IOException("the answer is longer than " + MAX_ANSWER_BYTES + " bytes");
          }
          answer.write(in.array(), 0, n);
          in.clear();
        }
      }
    }
  }

  private static long parseLong(String text, long fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
