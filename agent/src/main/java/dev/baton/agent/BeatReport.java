package dev.baton.agent;

import dev.baton.domain.HeartbeatStatus;

/**
 * What one beat did, for logs, {@code /health}, the drain command and tests.
 *
 * @param status the status the beat carried
 * @param seq the seq it carried
 * @param written whether the store accepted it
 * @param detail the probe's detail, or the store's error when not written
 */
public record BeatReport(HeartbeatStatus status, long seq, boolean written, String detail) {}
