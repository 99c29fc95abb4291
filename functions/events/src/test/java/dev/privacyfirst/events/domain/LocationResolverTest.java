package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocationResolverTest {
  @Test
  void cloudFrontViewerHeadersWinOverTheDatabase() {
    AtomicInteger lookups = new AtomicInteger();
    LocationResolver chain =
        LocationResolver.chain(
            hints -> {
              lookups.incrementAndGet();
              return new Location("US", null, null);
            });
    Location location =
        chain.locate(new LocationHints("203.0.113.1", "de", "BE", "S%C3%A3o%20Paulo"));
    assertThat(location).isEqualTo(new Location("DE", "BE", "São Paulo"));
    assertThat(lookups).hasValue(0);
  }

  @Test
  void aViewerCountryThatIsNotTwoAsciiLettersIsIgnoredForTheDatabase() {
    LocationResolver chain = LocationResolver.chain(h -> new Location("NL", null, null));
    for (String country : new String[] {"DEU", "D", "d1", "ÉS", "", " de"}) {
      assertThat(chain.locate(new LocationHints("192.0.2.1", country, "BE", "Berlin")))
          .as(country)
          .isEqualTo(new Location("NL", null, null));
    }
    assertThat(chain.locate(new LocationHints("192.0.2.1", "zA", null, null)).country())
        .isEqualTo("ZA");
  }

  @Test
  void withoutHeadersTheDatabaseIsAskedAndWithoutEitherTheCountryIsUnknown() {
    LocationResolver withDatabase = LocationResolver.chain(h -> new Location("NL", null, null));
    assertThat(withDatabase.locate(LocationHints.ipOnly("192.0.2.1")).country()).isEqualTo("NL");
    assertThat(withDatabase.locate(LocationHints.NONE)).isEqualTo(Location.UNKNOWN);
    assertThat(
            LocationResolver.chain(LocationResolver.NONE).locate(LocationHints.ipOnly("192.0.2.1")))
        .isEqualTo(Location.UNKNOWN);
  }

  @Test
  void hintsNeverPrintTheAddress() {
    assertThat(LocationHints.ipOnly("192.0.2.77").toString()).doesNotContain("192.0.2.77");
    assertThat(
            new ClientContext(LocationHints.ipOnly("192.0.2.77"), true, "UA", false, false, null)
                .toString())
        .doesNotContain("192.0.2.77");
  }
}
