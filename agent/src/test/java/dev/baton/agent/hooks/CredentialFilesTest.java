package dev.baton.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialFilesTest {
  /** The test's own user owns the files it makes: it stands for the agent's user. */
  private static final String ME = System.getProperty("user.name");

  @TempDir Path dir;

  private Path file(String name, String mode, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void aGroupReadableCredentialsFileIsNamedWithItsModeAndTheFix() throws Exception {
    Path keys = file("aws-credentials", "rw-r-----", "[default]\n");

    List<String> warnings =
        CredentialFiles.warnings(Map.of("AWS_SHARED_CREDENTIALS_FILE", keys.toString()), ME);

    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("AWS credential file " + keys + " is mode 0640 owned by " + ME + ":")
        .contains("has access", "hooks and other users may be able to read it")
        .endsWith("sudo chmod 0600 " + keys)
        .doesNotContain("every user");
  }

  @Test
  void aWorldReadableConfigFileIsNamedToo() throws Exception {
    Path config = file("aws-config", "rw-r--r--", "[default]\nregion = us-east-1\n");

    List<String> warnings =
        CredentialFiles.warnings(Map.of("AWS_CONFIG_FILE", config.toString()), ME);

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(config + " is mode 0644", "every user has access");
  }

  @Test
  void aPrivateFileOfTheAgentsUserIsFineAndAMissingOneIsNotChecked() throws Exception {
    Path keys = file("aws-credentials", "rw-------", "[default]\n");

    assertThat(
            CredentialFiles.warnings(
                Map.of(
                    "AWS_SHARED_CREDENTIALS_FILE", keys.toString(),
                    "AWS_CONFIG_FILE", dir.resolve("no-such-file").toString()),
                ME))
        .isEmpty();
  }

  @Test
  void aFileOwnedBySomeoneElseIsNamed() throws Exception {
    Path keys = file("aws-credentials", "rw-------", "[default]\n");

    List<String> warnings =
        CredentialFiles.warnings(
            Map.of("AWS_SHARED_CREDENTIALS_FILE", keys.toString()), "baton-agent-not-me");

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(
            "is mode 0600 owned by " + ME,
            "it is owned by " + ME + ", not by the agent's user baton-agent-not-me",
            "sudo chown baton-agent-not-me:baton-agent-not-me " + keys);
  }

  @Test
  void theRolesAnywherePrivateKeyThatTheConfigNamesIsChecked() throws Exception {
    Path key = file("private-key.pem", "rw-r-----", "-----BEGIN PRIVATE KEY-----\n");
    Path config =
        file(
            "aws-config",
            "rw-------",
            "[default]\nregion = us-east-1\ncredential_process = /usr/local/bin/aws_signing_helper"
                + " credential-process --certificate /etc/c.pem --private-key "
                + key
                + " --trust-anchor-arn arn:x\n");

    List<String> warnings =
        CredentialFiles.warnings(Map.of("AWS_CONFIG_FILE", config.toString()), ME);

    assertThat(warnings).singleElement().asString().contains(key + " is mode 0640");
  }
}
