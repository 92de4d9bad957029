package dev.baton.agent.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The agent process's SLF4J backend, {@link JournalLoggerFactory}, chosen by {@code
 * BatonAgentCommand} through SLF4J's {@code slf4j.provider} property. Four small classes instead of
 * a logging framework keep the agent inside its memory budget. The agent uses no MDC.
 */
public final class JournalServiceProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggerFactory;
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    loggerFactory = JournalLoggerFactory.forThisProcess();
  }
}
