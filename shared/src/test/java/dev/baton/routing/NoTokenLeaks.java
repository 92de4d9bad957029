package dev.baton.routing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Registered on every router test class: captures everything written to System.out and System.err
 * during each test (the log output of slf4j-simple, and every exception message the test reports
 * through {@link #report}), plus any exception the test throws, and fails the test if a token value
 * of {@link TestTokens} appears in any of it.
 */
public final class NoTokenLeaks
    implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(NoTokenLeaks.class);
  private static volatile ByteArrayOutputStream current;

  /** What the running test wrote so far (empty outside a guarded test). */
  static String capturedSoFar() {
    ByteArrayOutputStream captured = current;
    return captured == null ? "" : captured.toString(StandardCharsets.UTF_8);
  }

  /** Writes every message in {@code failure}'s cause chain to System.err (so it is captured). */
  static <T extends Throwable> T report(T failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      System.err.println("reported failure: " + t);
    }
    return failure;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Capture capture = new Capture(System.out, System.err, captured);
    System.setOut(new PrintStream(new Tee(capture.out, captured), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(capture.err, captured), true, StandardCharsets.UTF_8));
    context.getStore(NS).put("capture", capture);
    current = captured;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    report(throwable);
    throw throwable;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Capture capture = context.getStore(NS).remove("capture", Capture.class);
    System.out.flush();
    System.err.flush();
    System.setOut(capture.out);
    System.setErr(capture.err);
    current = null;
    String text = capture.captured.toString(StandardCharsets.UTF_8);
    List<String> leaked = leaks(text);
    if (!leaked.isEmpty()) {
      throw new AssertionError(
          "a token value appeared in the captured logs or exception messages of "
              + context.getDisplayName()
              + " ("
              + leaked.size()
              + " token(s))");
    }
  }

  /** Which token values (by position, never the value) appear in {@code text}. */
  static List<String> leaks(String text) {
    List<String> leaked = new ArrayList<>();
    for (int i = 0; i < TestTokens.ALL.size(); i++) {
      if (text.contains(TestTokens.ALL.get(i))) {
        leaked.add("token #" + i);
      }
    }
    return leaked;
  }

  private record Capture(PrintStream out, PrintStream err, ByteArrayOutputStream captured) {}

  /** Writes to the original stream and to the capture. */
  private static final class Tee extends OutputStream {
    private final PrintStream original;
    private final ByteArrayOutputStream copy;

    Tee(PrintStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        original.write(b);
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (copy) {
        original.write(b, off, len);
        copy.write(b, off, len);
      }
    }

    @Override
    public void flush() {
      original.flush();
    }
  }
}
