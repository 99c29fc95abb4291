package dev.privacyfirst.common.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppSecretsTest {
  @Test
  void everyKeyHasAUniqueNameAndAtLeastOneReader() {
    assertThat(AppSecrets.ALL).extracting(SecretSpec::name).doesNotHaveDuplicates();
    AppSecrets.ALL.forEach(s -> assertThat(s.readers()).as(s.name()).isNotEmpty());
  }

  @Test
  void thePublicIngestionFunctionReadsOnlyTheEventsLookupKey() {
    assertThat(AppSecrets.readableBy(Functions.TRACKING_API))
        .containsExactly(AppSecrets.EVENTS_LOOKUP);
    assertThat(AppSecrets.envelopePurposesOf(Functions.TRACKING_API)).isEmpty();
  }

  @Test
  void onlyTheLinkFunctionsAndTheSendersReadTheLinkSigningKey() {
    assertThat(AppSecrets.EMAIL_LINKS.readers())
        .containsExactlyInAnyOrder(
            Functions.EMAIL_LINKS,
            Functions.INBOUND_MAIL,
            Functions.CAMPAIGNS,
            Functions.ACCOUNT_NOTICES);
  }

  @Test
  void everyReaderIsADeployedFunction() {
    AppSecrets.ALL.forEach(s -> assertThat(Functions.ALL).containsAll(s.readers()));
    AppSecrets.ENVELOPE_PURPOSES.values().forEach(fs -> assertThat(Functions.ALL).containsAll(fs));
  }
}
