package dev.sabaody.kv.resp;

import java.util.Collection;
import java.util.concurrent.ConcurrentSkipListMap;

/** Every connected client, by id, for CLIENT LIST. Safe from any loop thread. */
public final class Clients {

    private final ConcurrentSkipListMap<Long, Client> byId = new ConcurrentSkipListMap<>();
    private final ClientPause pause = new ClientPause();
    /** What CLIENT TRACKING and its kin do: the engine a server plugs in, or none. */
    private volatile ClientTracking tracking = ClientTracking.NONE;

    /** CLIENT PAUSE's state, shared by every loop. */
    public ClientPause pause() {
        return pause;
    }

    public ClientTracking tracking() {
        return tracking;
    }

    /** Plugs in client-side caching (final-server does, before any client connects). */
    public void setTracking(ClientTracking engine) {
        tracking = engine;
    }

    /** The client with this id, or null. */
    public Client byId(long id) {
        return byId.get(id);
    }

    void add(Client client) {
        byId.put(client.id(), client);
    }

    /** Gone: closed, or killed (CLIENT KILL takes it out at once). */
    void remove(Client client) {
        byId.remove(client.id());
    }

    /** In id order, that is, in connection order, as CLIENT LIST shows them. */
    public Collection<Client> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
