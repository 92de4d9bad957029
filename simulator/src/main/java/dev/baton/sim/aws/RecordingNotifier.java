package dev.baton.sim.aws;

import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import java.util.ArrayList;
import java.util.List;

/** The SNS topic: every notice sent, in order. */
public final class RecordingNotifier implements Notifier {
  private final List<Notice> sent = new ArrayList<>();

  @Override
  public void send(Notice notice) {
    sent.add(notice);
  }

  public List<Notice> sent() {
    return List.copyOf(sent);
  }
}
