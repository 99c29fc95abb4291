package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.events.domain.Location;
import dev.privacyfirst.events.domain.LocationHints;
import dev.privacyfirst.events.domain.LocationResolver;
import java.io.File;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

/** Against MaxMind's own test database (see src/test/resources/geoip/README.md). */
class MaxMindLocationResolverTest {
  private static final MaxMindLocationResolver RESOLVER = new MaxMindLocationResolver(database());

  private static File database() {
    try {
      return new File(
          MaxMindLocationResolverTest.class.getResource("/geoip/GeoLite2-City-Test.mmdb").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anAddressInTheDatabaseBecomesCountryRegionAndCity() {
    assertThat(RESOLVER.locate(LocationHints.ipOnly("81.2.69.142")))
        .isEqualTo(new Location("GB", "England", "London"));
  }

  @Test
  void anAddressTheDatabaseDoesNotKnowHasNoLocation() {
    assertThat(RESOLVER.locate(LocationHints.ipOnly("10.11.12.13"))).isEqualTo(Location.UNKNOWN);
    assertThat(RESOLVER.locate(LocationHints.ipOnly("2001:db8::1"))).isEqualTo(Location.UNKNOWN);
  }

  @Test
  void onlyAddressLiteralsAreLookedUpSoAHostNameNeverTriggersADnsQuery() {
    assertThat(RESOLVER.locate(LocationHints.ipOnly("localhost"))).isEqualTo(Location.UNKNOWN);
    assertThat(RESOLVER.locate(LocationHints.ipOnly("example.com"))).isEqualTo(Location.UNKNOWN);
    assertThat(RESOLVER.locate(LocationHints.ipOnly("1".repeat(60)))).isEqualTo(Location.UNKNOWN);
    assertThat(RESOLVER.locate(LocationHints.NONE)).isEqualTo(Location.UNKNOWN);
  }

  @Test
  void cloudFrontHeadersStillWinWhenADatabaseIsConfigured() {
    LocationResolver chain = LocationResolver.chain(RESOLVER);
    assertThat(chain.locate(new LocationHints("81.2.69.142", "FR", null, null)).country())
        .isEqualTo("FR");
    assertThat(chain.locate(LocationHints.ipOnly("81.2.69.142")).city()).isEqualTo("London");
  }
}
