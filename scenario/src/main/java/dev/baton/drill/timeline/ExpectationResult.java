package dev.baton.drill.timeline;

import java.time.Duration;

/**
 * The verdict on one expectation.
 *
 * @param text the expectation as written
 * @param window its window, as text
 * @param passed whether it held
 * @param detail what was seen, one sentence
 * @param metAt when it was first met (state and event expectations), or null
 */
public record ExpectationResult(
    String text, String window, boolean passed, String detail, Duration metAt) {}
