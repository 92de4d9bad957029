package dev.baton.testkit.contract;

import dev.baton.local.contract.ContractValidator;
import dev.baton.local.contract.ContractsFolder;
import dev.baton.local.contract.ProviderContract;
import dev.baton.local.fakes.FakeCloudflare;
import dev.baton.local.fakes.FakeDigitalOcean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving each test fresh DigitalOcean and Cloudflare fakes (started on first use)
 * whose every request and response is validated against the API contracts; after the test the fakes
 * stop and any contract violation fails the test. When the contracts folder is absent the fakes
 * still run, unvalidated, and a notice is printed (see {@link ContractsFolder}).
 *
 * <pre>{@code
 * @RegisterExtension final ValidatedProviderFakes fakes = new ValidatedProviderFakes("do-token", "cf-token");
 * }</pre>
 */
public final class ValidatedProviderFakes implements BeforeEachCallback, AfterEachCallback {
  private final String digitalOceanToken;
  private final String cloudflareToken;
  private FakeDigitalOcean digitalOcean;
  private FakeCloudflare cloudflare;
  private final List<ContractValidator> validators = new ArrayList<>();

  public ValidatedProviderFakes(String digitalOceanToken, String cloudflareToken) {
    this.digitalOceanToken = digitalOceanToken;
    this.cloudflareToken = cloudflareToken;
  }

  /** This test's DigitalOcean fake. */
  public synchronized FakeDigitalOcean digitalOcean() {
    if (digitalOcean == null) {
      digitalOcean = FakeDigitalOcean.start(digitalOceanToken);
      validator(ProviderContract.DIGITALOCEAN).ifPresent(digitalOcean::addListener);
    }
    return digitalOcean;
  }

  /** This test's Cloudflare fake. */
  public synchronized FakeCloudflare cloudflare() {
    if (cloudflare == null) {
      cloudflare = FakeCloudflare.start(cloudflareToken);
      validator(ProviderContract.CLOUDFLARE).ifPresent(cloudflare::addListener);
    }
    return cloudflare;
  }

  /** Whether the contracts are available, so that every exchange is validated. */
  public static boolean contractsChecked() {
    for (ProviderContract api : ProviderContract.values()) {
      if (ContractsFolder.file(api).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** How many exchanges the contract validators checked in this test so far. */
  public synchronized int validatedExchanges() {
    return validators.stream().mapToInt(ContractValidator::validatedCount).sum();
  }

  private Optional<ContractValidator> validator(ProviderContract api) {
    Optional<ContractValidator> validator = ContractValidator.forApi(api);
    validator.ifPresent(validators::add);
    return validator;
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    stop();
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    // Stop first: a hung request is recorded (and validated) when its hang ends.
    stop();
    List<ContractValidator> checked = List.copyOf(validators);
    validators.clear();
    for (ContractValidator validator : checked) {
      validator.assertNoViolations();
    }
  }

  private void stop() {
    if (digitalOcean != null) {
      digitalOcean.close();
      digitalOcean = null;
    }
    if (cloudflare != null) {
      cloudflare.close();
      cloudflare = null;
    }
  }
}
