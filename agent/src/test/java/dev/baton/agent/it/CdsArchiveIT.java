package dev.baton.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as installed (unpacked tarball): bin/baton-agent-cds creates a class-data
 * archive the agent's JVM accepts, keeps it while it fits, and recreates it after an upgrade.
 */
class CdsArchiveIT {
  private static final Path DIST = Path.of("target/baton-agent-dist.tar.gz");

  @TempDir Path dir;

  private Path install() throws Exception {
    assertThat(DIST).as("packaged by the package phase").exists();
    assertThat(run(List.of("tar", "-xzf", DIST.toAbsolutePath().toString(), "-C", dir.toString())))
        .isZero();
    return dir.resolve("baton-agent");
  }

  private int run(List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return p.exitValue();
  }

  private String out() throws IOException {
    return Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
  }

  private int agentWithArchive(Path home, Path archive) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-Xmx24m",
            "-XX:SharedArchiveFile=" + archive,
            "-Xshare:on", // fails unless the archive is usable
            "-jar",
            home.resolve("baton-agent.jar").toString(),
            "version"));
    return run(command);
  }

  @Test
  void theArchiveIsCreatedUsedKeptAndRecreatedAfterAnUpgrade() throws Exception {
    Path home = install();
    Path archive = dir.resolve("var").resolve("baton-agent.jsa");
    Files.createDirectories(archive.getParent());
    List<String> prepare =
        List.of(home.resolve("bin/baton-agent-cds").toString(), archive.toString());

    assertThat(run(prepare)).as("first run creates it").isZero();
    assertThat(out()).contains("creating " + archive);
    assertThat(agentWithArchive(home, archive)).as("the JVM maps it").isZero();
    assertThat(out()).contains("baton-agent ");

    FileTime created = Files.getLastModifiedTime(archive);
    assertThat(run(prepare)).isZero();
    assertThat(out()).as("a fitting archive is kept").doesNotContain("creating");
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(created);

    // An upgrade replaces the jar: the archive no longer matches and is made again.
    Files.setLastModifiedTime(
        home.resolve("baton-agent.jar"), FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(agentWithArchive(home, archive)).as("stale archive refused").isNotZero();
    assertThat(run(prepare)).isZero();
    assertThat(out()).contains("creating " + archive);
    assertThat(agentWithArchive(home, archive)).isZero();
  }
}
