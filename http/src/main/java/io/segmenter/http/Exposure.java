package io.segmenter.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rule both services apply before they bind: state-changing calls ({@code DELETE /customers/{id}},
 * {@code POST /train}) are open only on loopback. Bound anywhere else, the service refuses to start
 * without a bearer token rather than expose them to the network.
 */
public final class Exposure {

    private Exposure() {}

    /** True when {@code host} is a loopback name or address (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Null when the binding is acceptable, else the one-line reason: {@code host} is beyond loopback and
     * no token is set. {@code tokenSetting} names the setting that fixes it.
     */
    public static String problem(String host, String token, String tokenSetting, String tokenEnv) {
        if (isLoopback(host) || (token != null && !token.isBlank())) {
            return null;
        }
        return "http.host " + host + " is reachable beyond this machine: set " + tokenSetting + " (" + tokenEnv
                + ") so state-changing calls need 'Authorization: Bearer <token>', or bind 127.0.0.1";
    }
}
