package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FunctionTargetTest {
  @Test
  void aPlainNameGetsTheLiveAliasUnlessAnotherIsNamed() {
    assertThat(FunctionTarget.of("baton-promotion", null))
        .isEqualTo(new FunctionTarget("baton-promotion", "live"));
    assertThat(FunctionTarget.of("baton-promotion", "blue"))
        .isEqualTo(new FunctionTarget("baton-promotion", "blue"));
    assertThat(FunctionTarget.of("arn:aws:lambda:us-east-1:123456789012:function:baton", null))
        .isEqualTo(
            new FunctionTarget("arn:aws:lambda:us-east-1:123456789012:function:baton", "live"));
    assertThat(FunctionTarget.of("123456789012:function:baton", null).qualifier())
        .isEqualTo("live");
  }

  @Test
  void aQualifiedNameOrArnIsInvokedAsItIs() {
    String alias = "arn:aws:lambda:us-east-1:123456789012:function:baton:live";
    assertThat(FunctionTarget.of(alias, null)).isEqualTo(new FunctionTarget(alias, null));
    assertThat(FunctionTarget.of(alias, "live")).isEqualTo(new FunctionTarget(alias, null));
    assertThat(FunctionTarget.of("baton:7", null)).isEqualTo(new FunctionTarget("baton:7", null));
    assertThat(FunctionTarget.of("123456789012:function:baton:live", null).qualifier()).isNull();
    assertThat(FunctionTarget.of(alias, null).describe()).isEqualTo(alias);
    assertThat(FunctionTarget.of("baton", null).describe()).isEqualTo("baton:live");
  }

  @Test
  void contradictionsAndBadQualifiersNameTheOption() {
    assertThatThrownBy(() -> FunctionTarget.of("baton:live", "blue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--qualifier: blue contradicts the qualifier live");
    assertThatThrownBy(() -> FunctionTarget.of("baton", "no spaces"))
        .hasMessageStartingWith("--qualifier: must be an alias or version");
    assertThatThrownBy(() -> FunctionTarget.of(" ", null))
        .hasMessageStartingWith("--function: must name the promotion function");
  }
}
