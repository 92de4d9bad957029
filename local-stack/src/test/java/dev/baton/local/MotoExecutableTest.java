package dev.baton.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoExecutableTest {
  @TempDir Path dir;

  @Test
  void findsMotoInTheProjectVenvFirst() throws IOException {
    Path inVenv = executable(dir.resolve("venv/bin/moto_server"));
    Path elsewhere = executable(dir.resolve("other/moto_server"));

    Path found =
        MotoExecutable.locate(
            dir.resolve("venv").toString(), Map.of("BATON_MOTO_SERVER", elsewhere.toString()));

    assertThat(found).isEqualTo(inVenv);
  }

  @Test
  void fallsBackToTheEnvironmentVariableWhenTheVenvHasNoMoto() throws IOException {
    Path elsewhere = executable(dir.resolve("other/moto_server"));

    Path found =
        MotoExecutable.locate(
            dir.resolve("empty-venv").toString(),
            Map.of("BATON_MOTO_SERVER", elsewhere.toString()));

    assertThat(found).isEqualTo(elsewhere);
  }

  @Test
  void missingMotoSaysWhereItLookedAndHowToInstallIt() {
    String venv = dir.resolve("venv").toString();

    assertThatThrownBy(() -> MotoExecutable.locate(venv, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("moto is not installed")
        .hasMessageContaining(venv)
        .hasMessageContaining("BATON_MOTO_SERVER")
        .hasMessageContaining("scripts/bootstrap-venv");
  }

  @Test
  void aFileThatIsNotExecutableDoesNotCount() throws IOException {
    Path plain = dir.resolve("venv/bin/moto_server");
    Files.createDirectories(plain.getParent());
    Files.writeString(plain, "not a program");

    assertThatThrownBy(() -> MotoExecutable.locate(dir.resolve("venv").toString(), Map.of()))
        .hasMessageContaining("scripts/bootstrap-venv");
  }

  private static Path executable(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path.toAbsolutePath();
  }
}
