package dev.baton.drill.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionEnvironmentTest {
  @TempDir Path dir;

  @Test
  void whatTheDrillWritesTheCliReadsBack() {
    Path file = dir.resolve(FunctionEnvironment.FILE_NAME);
    Map<String, String> env =
        Map.of(
            "BATON_TABLE",
            "baton-drill",
            "BATON_AWS_ENDPOINT",
            "http://127.0.0.1:5000",
            "X",
            "a=b");
    FunctionEnvironment.write(env, file);
    assertThat(FunctionEnvironment.read(file)).isEqualTo(env);
  }

  @Test
  void aLineThatIsNotKeyValueIsNamed() throws Exception {
    Path file = dir.resolve("bad.env");
    Files.writeString(file, "# comment\nBATON_TABLE=t\n\nnot a pair\n");
    assertThatThrownBy(() -> FunctionEnvironment.read(file))
        .hasMessageContaining("line 4: must be KEY=VALUE, was 'not a pair'");
  }

  @Test
  void aMissingFileSaysWhereItComesFrom() {
    assertThatThrownBy(() -> FunctionEnvironment.read(dir.resolve("absent.env")))
        .hasMessageContaining("--local: cannot read")
        .hasMessageContaining("target/drill/functions.env");
  }
}
