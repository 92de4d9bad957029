package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.aws.AwsClients;
import dev.baton.local.MotoServer;
import dev.baton.port.ProviderException;
import dev.baton.testkit.MotoExtension;
import dev.baton.testkit.MotoSns;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;

@ExtendWith(MotoExtension.class)
class SnsNotifierIT {

  static Notice.PromotionNotice promotion() {
    return new Notice.PromotionNotice(
        "20250301T100000Z-abc123",
        "AUTO_FAILOVER",
        "SUCCEEDED",
        "nyc1",
        "ams3",
        4,
        "nyc1 UNHEALTHY for 15 s",
        "baton:health-transition",
        false,
        List.of(
            new Notice.StepTiming("claim", "SUCCEEDED", Duration.ofMillis(12), "claimed"),
            new Notice.StepTiming(
                "shift:do-global-lb", "SUCCEEDED", Duration.ofMillis(340), "moved")));
  }

  @Test
  void publishesTheReadableTextWithTheSameFactsAsAttributes(MotoServer moto, AwsClients aws) {
    SnsClient sns = aws.sns();
    String topic =
        sns.createTopic(CreateTopicRequest.builder().name("baton-events").build()).topicArn();

    new SnsNotifier(sns, topic).send(promotion());

    List<MotoSns.Published> published = MotoSns.published(moto);
    assertThat(published).hasSize(1);
    MotoSns.Published message = published.get(0);
    assertThat(message.topicArn()).isEqualTo(topic);
    assertThat(message.subject()).isEqualTo("Baton moved nyc1 -> ams3 (AUTO_FAILOVER, epoch 4)");
    assertThat(message.message())
        .contains("Traffic moved from nyc1 to ams3", "epoch:       4", "nyc1 UNHEALTHY for 15 s")
        .containsPattern("claim\\s+SUCCEEDED\\s+12 ms")
        .containsPattern("shift:do-global-lb\\s+SUCCEEDED\\s+340 ms");
    assertThat(message.attributes())
        .containsEntry("kind", "String:AUTO_FAILOVER")
        .containsEntry("from", "String:nyc1")
        .containsEntry("to", "String:ams3")
        .containsEntry("epoch", "Number:4")
        .containsEntry("reason", "String:nyc1 UNHEALTHY for 15 s")
        .containsEntry("steps", "String:claim=12ms; shift:do-global-lb=340ms");
  }

  @Test
  void aMissingTopicIsAProviderErrorNamingTheTopic(AwsClients aws) {
    String missing = "arn:aws:sns:us-east-1:123456789012:no-such-topic";

    assertThatThrownBy(() -> new SnsNotifier(aws.sns(), missing).send(promotion()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(missing);
  }
}
