package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeTest {

  @Test
  void aFailedPromotionSaysWhereItStoppedAndHowToResume() {
    Notice.PromotionNotice failed =
        new Notice.PromotionNotice(
            "p-1",
            "FAILBACK",
            "FAILED",
            "ams3",
            "nyc1",
            5,
            "manual failback",
            "alice",
            true,
            List.of(
                new Notice.StepTiming("claim", "SUCCEEDED", Duration.ofMillis(9), ""),
                new Notice.StepTiming(
                    "shift:do-global-lb",
                    "FAILED",
                    Duration.ofSeconds(31),
                    "gave up after 5 attempts: 503"),
                new Notice.StepTiming("notify", "PENDING", null, "")));

    assertThat(failed.subject()).isEqualTo("Baton FAILED to move ams3 -> nyc1 (FAILBACK, epoch 5)");
    assertThat(failed.text())
        .contains(
            "Promotion FAILED moving ams3 to nyc1",
            "alice (FORCED)",
            "gave up after 5 attempts: 503")
        .contains("\"action\":\"resume\",\"promotionId\":\"p-1\"");
    assertThat(failed.attributes())
        .containsEntry("steps", "claim=9ms; shift:do-global-lb=31000ms; notify=PENDING");
    assertThat(failed.attributes()).hasSizeLessThanOrEqualTo(Notice.MAX_ATTRIBUTES);
  }

  @Test
  void aModeNoticeTellsHowToUnfreeze() {
    Notice.ModeNotice frozen =
        new Notice.ModeNotice(
            "FROZEN", "ams3", 6, "baton:flap-limit", "2 automatic promotions within 1h");

    assertThat(frozen.subject()).isEqualTo("Baton automation FROZEN (ams3 active, epoch 6)");
    assertThat(frozen.text())
        .contains("unfreeze", "baton:flap-limit", "2 automatic promotions within 1h");
    assertThat(frozen.attributes())
        .containsEntry("kind", "MODE_CHANGE")
        .containsEntry("mode", "FROZEN");
  }

  @Test
  void subjectsStayWithinTheSnsLimit() {
    Notice.ModeNotice notice = new Notice.ModeNotice("FROZEN", "x".repeat(200), 1, "a", "b");

    assertThat(notice.subject()).hasSizeLessThanOrEqualTo(100);
  }
}
