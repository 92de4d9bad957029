package dev.baton.agent.state;

import dev.baton.store.HeartbeatItems;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's small durable state: the last {@code seq} used and whether an operator drained the
 * instance. Saved atomically and durably: written to a temporary file in the same directory,
 * fsync'd, renamed over the old one, and the directory fsync'd, so a crash or power loss leaves
 * either the old or the new state, never a torn one.
 */
public final class StateFile implements StateStorage {
  /** What is saved. */
  public record Saved(long seq, boolean draining) {}

  private final Path path;

  public StateFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  @Override
  public String location() {
    return path.toString();
  }

  /**
   * The saved state; empty when the file does not exist.
   *
   * @throws IOException when it exists but cannot be read or does not parse
   */
  @Override
  public Optional<Saved> load() throws IOException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Properties p = new Properties();
    p.load(new java.io.StringReader(text));
    String seq = p.getProperty("seq");
    if (seq == null) {
      throw new IOException(path + ": no seq= line");
    }
    long value;
    try {
      value = Long.parseLong(seq.trim());
    } catch (NumberFormatException e) {
      throw new IOException(
          path + ": seq " + HeartbeatItems.SEQ_RULE + ", was '" + seq.trim() + "'", e);
    }
    if (!HeartbeatItems.seqInRange(value)) {
      throw new IOException(path + ": seq " + HeartbeatItems.SEQ_RULE + ", was " + value);
    }
    return Optional.of(new Saved(value, "true".equals(p.getProperty("draining"))));
  }

  /** Saves {@code state} durably (see the class comment). */
  @Override
  public void save(Saved state) throws IOException {
    if (!HeartbeatItems.seqInRange(state.seq())) {
      throw new IOException(
          path + ": refusing to save seq " + state.seq() + ": seq " + HeartbeatItems.SEQ_RULE);
    }
    Path dir = path.toAbsolutePath().getParent();
    Path temp = dir.resolve(path.getFileName() + ".tmp");
    byte[] bytes =
        ("# baton-agent state: do not edit while the agent runs\nseq="
                + state.seq()
                + "\ndraining="
                + state.draining()
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true); // makes the rename itself durable
    }
  }
}
