package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decision core stays pure (docs/architecture.md): no AWS SDK, no network, no clock, no sleeps,
 * threads or randomness of its own. Checked on the sources, so a slip fails the build.
 */
class DomainPurityTest {
  private static final Path DOMAIN = Path.of("src/main/java/dev/baton/domain");
  private static final List<String> FORBIDDEN =
      List.of(
          "software.amazon",
          "java.net",
          "java.net.http",
          "Instant.now(",
          "LocalDateTime.now(",
          "ZonedDateTime.now(",
          "System.currentTimeMillis(",
          "System.nanoTime(",
          "Clock.system",
          "Thread.sleep(",
          "new Thread(",
          "java.util.Random",
          "ThreadLocalRandom",
          "Math.random(");

  @Test
  void theDomainPackageNeverReadsTheClockNorTouchesTheNetworkOrTheAwsSdk() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(DOMAIN)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources)
        .as("domain sources under " + DOMAIN.toAbsolutePath())
        .hasSizeGreaterThan(10);
    for (Path source : sources) {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        for (String forbidden : FORBIDDEN) {
          if (lines.get(i).contains(forbidden)) {
            violations.add(source.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(violations).as("forbidden in dev.baton.domain").isEmpty();
  }
}
