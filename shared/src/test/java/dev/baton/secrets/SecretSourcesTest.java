package dev.baton.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourcesTest {

  @Test
  void environmentSourceReadsVariablesAndFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("do-token");
    Files.writeString(file, "dop_v1_from_file\n");
    EnvironmentSecretSource source = new EnvironmentSecretSource(Map.of("DO_TOKEN", "dop_v1_env"));

    assertThat(source.secret("DO_TOKEN")).isEqualTo("dop_v1_env");
    assertThat(source.secret("file:" + file)).isEqualTo("dop_v1_from_file");
  }

  @Test
  void errorsNameTheReferenceNeverAValue(@TempDir Path dir) throws Exception {
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "  \n");
    EnvironmentSecretSource source = new EnvironmentSecretSource(Map.of("OTHER", "dop_v1_value"));

    assertThatThrownBy(() -> source.secret("DO_TOKEN"))
        .hasMessage("environment variable DO_TOKEN is not set");
    assertThatThrownBy(() -> source.secret("file:" + empty)).hasMessageContaining("is empty");
    assertThatThrownBy(() -> source.secret("file:" + dir.resolve("missing")))
        .hasMessageContaining("cannot be read")
        .hasMessageNotContaining("dop_v1");
  }

  @Test
  void aMalformedJsonSecretIsReportedWithoutQuotingIt() {
    assertThatThrownBy(
            () -> SecretsManagerSecretSource.tokenOf("arn:x", "{\"token\": \"dop_v1_half"))
        .hasMessageContaining("arn:x")
        .hasMessageNotContaining("dop_v1_half");
    assertThatThrownBy(() -> SecretsManagerSecretSource.tokenOf("arn:x", "{\"tok\": \"dop_v1_x\"}"))
        .hasMessageContaining("without a non-empty string field 'token'")
        .hasMessageNotContaining("dop_v1_x");
  }

  @Test
  void anArnGoesToSecretsManagerAndAnythingElseToTheEnvironment() {
    java.util.List<String> asked = new java.util.ArrayList<>();
    ReferencedSecretSource source =
        new ReferencedSecretSource(
            () ->
                reference -> {
                  asked.add(reference);
                  return "from-secrets-manager";
                },
            new EnvironmentSecretSource(Map.of("CF_TOKEN", "from-env")));

    assertThat(source.secret("CF_TOKEN")).isEqualTo("from-env");
    assertThat(asked).isEmpty();
    assertThat(source.secret("arn:aws:secretsmanager:us-east-1:1:secret:do"))
        .isEqualTo("from-secrets-manager");
    assertThat(asked).containsExactly("arn:aws:secretsmanager:us-east-1:1:secret:do");
  }
}
