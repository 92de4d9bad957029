package dev.baton.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.aws.AwsClients;
import dev.baton.testkit.MotoExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;

@ExtendWith(MotoExtension.class)
class SecretsManagerSecretSourceIT {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void readsAndCachesATokenUntilTheTtlPasses(AwsClients aws) {
    SecretsManagerClient client = aws.secretsManager();
    String arn =
        client
            .createSecret(
                CreateSecretRequest.builder()
                    .name("baton/do-token")
                    .secretString("dop_v1_first")
                    .build())
            .arn();
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    SecretsManagerSecretSource source =
        new SecretsManagerSecretSource(client, clock, Duration.ofMinutes(5));

    assertThat(source.secret(arn)).isEqualTo("dop_v1_first");
    client.putSecretValue(
        PutSecretValueRequest.builder().secretId(arn).secretString("dop_v1_rotated").build());
    now.set(T0.plus(Duration.ofMinutes(4)));
    assertThat(source.secret(arn)).isEqualTo("dop_v1_first");
    now.set(T0.plus(Duration.ofMinutes(6)));
    assertThat(source.secret(arn)).isEqualTo("dop_v1_rotated");
  }

  @Test
  void aJsonSecretYieldsItsTokenField(AwsClients aws) {
    SecretsManagerClient client = aws.secretsManager();
    String arn =
        client
            .createSecret(
                CreateSecretRequest.builder()
                    .name("baton/cf-token")
                    .secretString("{\"token\":\"cf_secret_value\"}")
                    .build())
            .arn();

    assertThat(
            new SecretsManagerSecretSource(client, Clock.systemUTC(), Duration.ofMinutes(5))
                .secret(arn))
        .isEqualTo("cf_secret_value");
  }

  @Test
  void aMissingSecretIsNamedInTheError(AwsClients aws) {
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:baton/none-AbCdEf";

    assertThatThrownBy(
            () ->
                new SecretsManagerSecretSource(
                        aws.secretsManager(), Clock.systemUTC(), Duration.ofMinutes(5))
                    .secret(arn))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(arn);
  }
}
