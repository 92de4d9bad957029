package dev.baton.promotion;

/**
 * Probes a region's public health URL after a promotion (the {@code probe} step). Production: an
 * HTTP GET ({@link HttpHealthProbe}); tests: a scripted fake.
 */
@FunctionalInterface
public interface HealthProbe {

  /**
   * Probes {@code url}; returns what was seen, e.g. {@code "GET https://... -> 200 in 35 ms"}.
   *
   * @throws dev.baton.port.ProviderException when the URL does not answer healthy (retryable: the
   *     new region may need a moment)
   */
  String probe(String url);
}
