package dev.privacyfirst.events.adapter;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import dev.privacyfirst.events.domain.Location;
import dev.privacyfirst.events.domain.LocationHints;
import dev.privacyfirst.events.domain.LocationResolver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Country, region and city from a MaxMind-format (GeoIP2/GeoLite2 City) database file, when the
 * operator configures one ({@code GEOIP_DATABASE}). Only IP literals are looked up, so a hostile
 * "ip" property never triggers a DNS query; the address is not kept.
 */
public final class MaxMindLocationResolver implements LocationResolver {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final DatabaseReader reader;

  public MaxMindLocationResolver(File database) {
    try {
      this.reader = new DatabaseReader.Builder(database).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the location database", e);
    }
  }

  @Override
  public Location locate(LocationHints hints) {
    String ip = hints.ip();
    if (ip == null
        || ip.length() > 45
        || !(IPV4.matcher(ip).matches() || IPV6.matcher(ip).matches())) {
      return Location.UNKNOWN;
    }
    try {
      Optional<CityResponse> city = reader.tryCity(InetAddress.getByName(ip));
      if (city.isEmpty() || city.get().getCountry().getIsoCode() == null) {
        return Location.UNKNOWN;
      }
      CityResponse r = city.get();
      return new Location(
          r.getCountry().getIsoCode(),
          r.getMostSpecificSubdivision() == null ? null : r.getMostSpecificSubdivision().getName(),
          r.getCity() == null ? null : r.getCity().getName());
    } catch (IOException | GeoIp2Exception e) {
      return Location.UNKNOWN;
    }
  }
}
