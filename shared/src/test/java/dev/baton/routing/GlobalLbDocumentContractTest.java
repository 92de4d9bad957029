package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.local.contract.ContractsFolder;
import dev.baton.local.contract.ProviderContract;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the Global LB router leaves out of a PUT is exactly what the contract says is read-only. */
class GlobalLbDocumentContractTest {

  @Test
  void theFieldsLeftOutOfThePutAreTheReadOnlyFieldsOfTheContract() throws Exception {
    Optional<Path> contract = ContractsFolder.file(ProviderContract.DIGITALOCEAN);
    if (contract.isEmpty()) {
      System.err.println(ContractsFolder.absenceNotice(ProviderContract.DIGITALOCEAN));
    }
    assumeTrue(
        contract.isPresent(), () -> ContractsFolder.absenceNotice(ProviderContract.DIGITALOCEAN));
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(contract.get().toFile());

    JsonNode base = spec.at("/components/schemas/load_balancer_base/properties");
    Set<String> readOnly = new TreeSet<>();
    base.properties()
        .forEach(
            e -> {
              if (e.getValue().path("readOnly").asBoolean(false)) {
                readOnly.add(e.getKey());
              }
            });
    assertThat(readOnly).isEqualTo(new TreeSet<>(GlobalLbDocument.READ_ONLY_FIELDS));

    // The PUT body (load_balancer_create) takes the region as a slug, not the region object.
    JsonNode put =
        spec.at(
            "/paths/~1v2~1load_balancers~1{lb_id}/put/requestBody/content/application~1json/schema/$ref");
    assertThat(put.asText()).isEqualTo("#/components/schemas/load_balancer_create");
    assertThat(
            spec.at(
                    "/components/schemas/load_balancer_create/oneOf/0/allOf/1/properties/region/$ref")
                .asText())
        .isEqualTo("#/components/schemas/region_slug");
  }
}
