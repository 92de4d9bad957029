package dev.baton.local.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class ContractsFolderTest {

  /** Shows as skipped, with the notice, wherever the contracts are not available. */
  @Test
  void theContractsAreAvailableToThisBuild() {
    for (ProviderContract api : ProviderContract.values()) {
      if (ContractsFolder.file(api).isEmpty()) {
        System.err.println(ContractsFolder.absenceNotice(api));
      }
      assumeTrue(ContractsFolder.file(api).isPresent(), () -> ContractsFolder.absenceNotice(api));
    }
  }

  @Test
  void anAbsentFolderMeansNoValidatorAndANoticeNamingThePropertyAndThePath() {
    String saved = System.getProperty(ContractsFolder.PROPERTY);
    try {
      System.setProperty(ContractsFolder.PROPERTY, "/nonexistent/contracts");

      assertThat(ContractValidator.forApi(ProviderContract.CLOUDFLARE)).isEmpty();
      assertThat(ContractsFolder.absenceNotice(ProviderContract.CLOUDFLARE))
          .contains("SKIPPED")
          .contains("/nonexistent/contracts/cloudflare-dns-subset.yaml does not exist")
          .contains("-Dbaton.contracts.dir");
    } finally {
      if (saved == null) {
        System.clearProperty(ContractsFolder.PROPERTY);
      } else {
        System.setProperty(ContractsFolder.PROPERTY, saved);
      }
    }
  }
}
