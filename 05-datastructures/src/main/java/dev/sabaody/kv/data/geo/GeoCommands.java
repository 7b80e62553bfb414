package dev.sabaody.kv.data.geo;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The geo commands, all on sorted sets whose scores are geohashes. */
public final class GeoCommands {

    private GeoCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(GeoAdd.geoadd())
                .add(GeoRead.geopos())
                .add(GeoRead.geodist())
                .add(GeoRead.geohash())
                .add(GeoSearch.geosearch())
                .add(GeoSearch.geosearchstore())
                .add(GeoSearch.georadius())
                .add(GeoSearch.georadiusro())
                .add(GeoSearch.georadiusbymember())
                .add(GeoSearch.georadiusbymemberro());
    }
}
