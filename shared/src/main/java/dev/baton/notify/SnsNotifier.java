package dev.baton.notify;

import dev.baton.port.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Publishes notices to an SNS topic: the readable text as the message, the subject, and the same
 * facts as message attributes ({@code epoch} as a Number, so filter policies can compare it).
 */
public final class SnsNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(SnsNotifier.class);

  private final SnsClient sns;
  private final String topicArn;

  public SnsNotifier(SnsClient sns, String topicArn) {
    this.sns = Objects.requireNonNull(sns, "sns");
    this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
  }

  @Override
  public void send(Notice notice) {
    PublishRequest request =
        PublishRequest.builder()
            .topicArn(topicArn)
            .subject(notice.subject())
            .message(notice.text())
            .messageAttributes(attributes(notice))
            .build();
    try {
      PublishResponse response = sns.publish(request);
      LOG.info("notified {}: {} (message {})", topicArn, notice.subject(), response.messageId());
    } catch (SnsException e) {
      int status = e.statusCode();
      boolean retryable = status >= 500 || status == 429 || e.isThrottlingException();
      throw new ProviderException(
          "sns",
          "publish to "
              + topicArn
              + " failed with "
              + status
              + ": "
              + e.awsErrorDetails().errorMessage(),
          retryable,
          null,
          e);
    } catch (SdkClientException e) {
      throw new ProviderException(
          "sns", "publish to " + topicArn + " failed: " + e.getMessage(), true, null, e);
    }
  }

  static Map<String, MessageAttributeValue> attributes(Notice notice) {
    Map<String, String> facts = notice.attributes();
    if (facts.size() > Notice.MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "a notice carries at most "
              + Notice.MAX_ATTRIBUTES
              + " attributes, had "
              + facts.keySet());
    }
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    facts.forEach(
        (name, value) ->
            attributes.put(
                name,
                MessageAttributeValue.builder()
                    .dataType(name.equals("epoch") ? "Number" : "String")
                    // SNS rejects empty attribute values.
                    .stringValue(value == null || value.isEmpty() ? "-" : value)
                    .build()));
    return attributes;
  }
}
